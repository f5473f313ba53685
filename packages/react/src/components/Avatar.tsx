export interface AvatarProps {
  name: string;
  photoUrl: string | null | undefined;
  /** The image's alt text; the initials stand in without a photo. */
  alt: string;
}

/** A profile photo, or the name's initials on a coloured disc. */
export function Avatar({ name, photoUrl, alt }: AvatarProps) {
  if (photoUrl) return <img className="gl-avatar" src={photoUrl} alt={alt} width={48} height={48} />;
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase())
    .join('');
  return (
    <span className="gl-avatar gl-avatar--initials" aria-hidden="true">
      {initials}
    </span>
  );
}
