/** An instant in the viewer's own time zone, with the zone named ("Mon 30 Nov, 08:00 EST"). */
export function formatInstant(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-US', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(new Date(iso));
}
