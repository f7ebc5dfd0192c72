/** A size as people read it: "1.2 GiB", in French "1,2 Gio". Shared by the server's messages and the web app. */
export function formatBytes(n: number, lang: string = 'en'): string {
  const units = lang === 'fr' ? ['octets', 'Kio', 'Mio', 'Gio', 'Tio'] : ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const shown = Number.isInteger(v) ? String(v) : v.toFixed(1);
  return `${lang === 'fr' ? shown.replace('.', ',') : shown} ${units[i]}`;
}
