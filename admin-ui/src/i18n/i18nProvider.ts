import polyglotI18nProvider from 'ra-i18n-polyglot';
import englishMessages from 'ra-language-english';

/** Plinth's own words, beside react-admin's; definitions supply every object and property label. */
const plinthMessages = {
  plinth: {
    navigation: {
      // X-Total-Estimated: the server estimated a total over 1,000 instead of counting it.
      estimated_page_range_info: '%{offsetBegin}-%{offsetEnd} of about %{total}',
    },
    notification: {
      // 412: If-Match named a version someone else has since replaced.
      record_changed:
        'This record was changed by someone else since you opened it: reload to see their changes',
      // A delete moves records to the recycle bin (README, "Recycle bin").
      moved_to_recycle_bin:
        'Moved to the recycle bin |||| %{smart_count} records moved to the recycle bin',
      restored: 'Restored |||| %{smart_count} records restored',
      purged: 'Deleted for good',
    },
    action: {
      reload: 'Reload',
    },
  },
};

/** English only for now; labels come from the definitions, so only react-admin's own words live here. */
export const i18nProvider = polyglotI18nProvider(
  () => ({ ...englishMessages, ...plinthMessages }),
  'en',
  [{ locale: 'en', name: 'English' }],
  { allowMissing: true },
);
