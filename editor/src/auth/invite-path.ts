/** The token of an invitation link (/invite/<token>), or null on any other path. */
export function inviteTokenFromPath(pathname: string): string | null {
  const match = /^\/invite\/([^/?#]+)\/?$/.exec(pathname);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}
