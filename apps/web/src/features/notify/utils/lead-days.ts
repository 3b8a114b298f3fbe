/**
 * The lead-days field: "30, 7, 1" as whole days 1-365, each once, at most 10 (the contract's limits), read
 * before sending so the person sees the problem at the field rather than after a round trip.
 */
import { MAX_LEAD_DAYS } from '@csms-console/api-contract';

export type LeadDaysProblem = 'format' | 'range' | 'repeat' | 'tooMany';

export function parseLeadDays(text: string): { days: number[] } | { problem: LeadDaysProblem } {
  const parts = text
    .split(/[,，\s]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.some((part) => !/^\d+$/.test(part))) return { problem: 'format' };
  const days = parts.map(Number);
  if (days.some((d) => d < 1 || d > MAX_LEAD_DAYS)) return { problem: 'range' };
  if (new Set(days).size !== days.length) return { problem: 'repeat' };
  if (days.length > 10) return { problem: 'tooMany' };
  return { days };
}
