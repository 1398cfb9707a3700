import { Loader2Icon } from "lucide-react";

import { Button } from "@/components/ui/button";

/** The "Load more" button under a cursor-paginated table; renders nothing once there is no next page. */
export function LoadMore({
  hasNextPage,
  isFetchingNextPage,
  onLoadMore,
}: {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  onLoadMore: () => void;
}) {
  if (!hasNextPage) return null;
  return (
    <div className="mt-4 flex justify-center">
      <Button variant="outline" onClick={onLoadMore} disabled={isFetchingNextPage} aria-busy={isFetchingNextPage || undefined}>
        {isFetchingNextPage ? <Loader2Icon className="animate-spin" aria-hidden="true" /> : null}
        Load more
      </Button>
    </div>
  );
}
