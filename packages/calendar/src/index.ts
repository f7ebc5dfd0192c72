export * from './regions.ts';
export * from './holidays.ts';
export * from './business-calendar.ts';
export { zonedToUtc, wallTime, addDays, parseDate, isoWeekday, formatDate } from './zoned.ts';
