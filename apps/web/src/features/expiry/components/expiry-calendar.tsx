import { useEffect, useState } from 'react';
import { DateLib, DayPicker, type Labels, type Modifiers } from 'react-day-picker';
import 'react-day-picker/style.css';
import { activeDateLocale, t } from '../../../lib/i18n';
import { formatDate } from '../../../lib/time';
import { dayOf, isDayDisabled } from '../utils/candidate';

/**
 * The calendar's screen-reader names in the active language. Dates are written by the date library in the
 * active locale (`Monday, January 4th, 2027`, `2027年1月4日星期一`; `January 2027`, `2027年1月`); the words
 * around them are ours. Every label is given here: DayPicker would otherwise take some from its own English
 * locale, which it merges under ours.
 */
function calendarLabels(): Partial<Labels> {
  const lib = (dateLib: DateLib | undefined) => dateLib ?? new DateLib({ locale: activeDateLocale() });
  const dayLabel = (date: Date, modifiers: Modifiers | undefined, dateLib: DateLib | undefined) => {
    const day = lib(dateLib).format(date, 'PPPP');
    const today = modifiers?.today ? t('expiry.calendar.today', { day }) : day;
    return modifiers?.selected ? t('expiry.calendar.selected', { day: today }) : today;
  };
  return {
    labelNext: () => t('expiry.calendar.next'),
    labelPrevious: () => t('expiry.calendar.previous'),
    labelNav: () => '',
    labelGrid: (date, _options, dateLib) => lib(dateLib).formatMonthYear(date),
    labelWeekday: (date, _options, dateLib) => lib(dateLib).format(date, 'cccc'),
    labelDayButton: (date, modifiers, _options, dateLib) => dayLabel(date, modifiers, dateLib),
    labelGridcell: (date, modifiers, _options, dateLib) => dayLabel(date, modifiers, dateLib),
  };
}

/**
 * A month calendar in the editor's zone and the user's language (the locale's first day of the week:
 * Monday in Chinese, Sunday in US English), kept in sync with the typed Date: picking a day sets Date (the
 * typed Time stays); typing a date moves the calendar to it. Days with no allowed second are disabled.
 */
export function ExpiryCalendar({
  date,
  zone,
  allowed,
  onPick,
}: {
  date: string;
  zone: string;
  allowed: { first: string; last: string };
  onPick: (date: string) => void;
}) {
  const selectedMs = dayOf(date, zone);
  const [month, setMonth] = useState<Date>(() => new Date(selectedMs ?? Date.now()));
  useEffect(() => {
    if (selectedMs !== null) setMonth(new Date(selectedMs));
  }, [selectedMs]);

  return (
    <div className="expiry-calendar">
      <DayPicker
        mode="single"
        required
        timeZone={zone}
        locale={activeDateLocale()}
        labels={calendarLabels()}
        showOutsideDays
        fixedWeeks
        month={month}
        onMonthChange={setMonth}
        selected={selectedMs === null ? undefined : new Date(selectedMs)}
        onSelect={(day) => {
          if (day) onPick(formatDate(day.getTime(), zone));
        }}
        disabled={(day) => isDayDisabled(day.getTime(), zone, allowed)}
        footer={<p className="field-hint">{t('expiry.calendar.footer', { zone, ...allowed })}</p>}
      />
    </div>
  );
}
