import { DayPicker } from 'react-day-picker';
import 'react-day-picker/style.css';
import { useEffect, useState } from 'react';
import { formatDate } from '../../../lib/time';
import { dayOf, isDayDisabled } from '../utils/candidate';

/**
 * A month calendar in the editor's zone, kept in sync with the typed Date: picking a day sets Date (the typed
 * Time stays); typing a date moves the calendar to it. Days with no allowed second are disabled.
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
        weekStartsOn={1}
        showOutsideDays
        fixedWeeks
        month={month}
        onMonthChange={setMonth}
        selected={selectedMs === null ? undefined : new Date(selectedMs)}
        onSelect={(day) => {
          if (day) onPick(formatDate(day.getTime(), zone));
        }}
        disabled={(day) => isDayDisabled(day.getTime(), zone, allowed)}
        footer={
          <p className="field-hint">
            Days in {zone}. Allowed: {allowed.first} to {allowed.last}.
          </p>
        }
      />
    </div>
  );
}
