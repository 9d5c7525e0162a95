/** The character's picture, or its initial on a warm gradient when there is none. */
export function CharacterAvatar({
  name,
  url,
  size = 36,
}: {
  name: string;
  url: string | null;
  size?: number;
}) {
  return (
    <span className="avatar avatar--character" style={{ width: size, height: size }} aria-hidden="true">
      {url ? <img src={url} alt="" loading="lazy" /> : (name.trim()[0] ?? '?').toUpperCase()}
    </span>
  );
}
