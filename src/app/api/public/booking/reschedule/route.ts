import { withBodyLimit } from "@/server/http/body-limit";
import { handleManageBooking } from "@/server/http/manage-booking-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /api/public/booking/reschedule { token, startsAt }: the lead moves the booking their signed link names. */
export const POST = withBodyLimit(8_192, (req) => handleManageBooking(req, "reschedule"), { "Cache-Control": "no-store" });
