import net from 'node:net';

/**
 * Public URLs of generated images (`<publicBaseUrl>/media/<path>`) and the check Instagram needs:
 * Meta fetches the image itself, so in `strict` mode (MEDIA_URL_CHECK) only HTTPS URLs on a public
 * host are accepted; loopback, private and link-local addresses and local names are refused.
 */
export function publicMediaUrl(publicBaseUrl: string, relativePath: string): string {
  const encoded = relativePath.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/');
  return `${publicBaseUrl.replace(/\/+$/, '')}/media/${encoded}`;
}

/** Null when the URL is acceptable; otherwise why not (a message for the panel). */
export function mediaUrlProblem(url: string, mode: 'strict' | 'off'): string | null {
  if (mode === 'off') return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `the media URL ${url} is not a valid URL`;
  }
  if (parsed.protocol !== 'https:') return `Instagram can only fetch images over HTTPS; ${parsed.origin} is not (set site.publicBaseUrl or PUBLIC_BASE_URL to the public https:// address)`;
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isLocalName(host) || isPrivateAddress(host)) {
    return `Instagram cannot fetch images from ${parsed.host}: it is not a public address (set site.publicBaseUrl or PUBLIC_BASE_URL to the public https:// address)`;
  }
  return null;
}

function isLocalName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal') || host.endsWith('.lan') || (!host.includes('.') && net.isIP(host) === 0);
}

function isPrivateAddress(host: string): boolean {
  const version = net.isIP(host);
  if (version === 4) {
    const [a = 0, b = 0] = host.split('.').map(Number);
    return a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || a >= 224;
  }
  if (version === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
    if (mapped?.[1]) return isPrivateAddress(mapped[1]);
    return host === '::' || host === '::1' || /^f[cd]/.test(host) || /^fe[89ab]/.test(host);
  }
  return false;
}
