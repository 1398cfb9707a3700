import { withBodyLimit } from "@/server/http/body-limit";
import { handleManageBooking } from "@/server/http/manage-booking-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /api/public/booking/cancel { token }: the lead cancels the booking their signed link names. */
export const POST = withBodyLimit(8_192, (req) => handleManageBooking(req, "cancel"), { "Cache-Control": "no-store" });
