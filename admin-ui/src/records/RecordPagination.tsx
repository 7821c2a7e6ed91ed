import { useCallback } from 'react';
import {
  Pagination,
  useListContext,
  useLocaleState,
  useTranslate,
  type PaginationProps,
} from 'react-admin';
import type { ListMeta } from 'src/dataProvider';

interface DisplayedRows {
  from: number;
  to: number;
  count: number;
}

/**
 * react-admin's Pagination, except that a total the server only estimated (list `meta`, from
 * X-Total-Estimated) reads "1-25 of about 166,567". Exact totals keep react-admin's label.
 */
export function RecordPagination(props: PaginationProps) {
  const meta = useListContext().meta as Partial<ListMeta> | undefined;
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const isTotalEstimated = meta?.isTotalEstimated === true;
  const estimatedLabel = useCallback(
    ({ from, to, count }: DisplayedRows) =>
      translate('plinth.navigation.estimated_page_range_info', {
        offsetBegin: from,
        offsetEnd: to,
        total: count.toLocaleString(locale),
      }),
    [translate, locale],
  );
  return (
    <Pagination {...props} {...(isTotalEstimated ? { labelDisplayedRows: estimatedLabel } : {})} />
  );
}
