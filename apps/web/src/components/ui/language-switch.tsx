import { useId, useState } from 'react';
import { LOCALES, LOCALE_NAMES, chooseLocale, isLocale, t, useLocale } from '../../lib/i18n';

/** The language menu: each language named in itself, the choice remembered in this browser. */
export function LanguageSwitch() {
  const id = useId();
  const locale = useLocale();
  const [pending, setPending] = useState(false);
  return (
    <div className="language-switch">
      <label htmlFor={id}>{t('language.label')}</label>
      <select
        id={id}
        value={locale}
        disabled={pending}
        onChange={(event) => {
          const next = event.target.value;
          if (!isLocale(next)) return;
          setPending(true);
          void chooseLocale(next).finally(() => setPending(false));
        }}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
