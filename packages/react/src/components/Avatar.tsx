import { useEffect, useRef, useState } from 'react';

export interface AvatarProps {
  name: string;
  photoUrl: string | null | undefined;
  /** The image's alt text; the initials stand in without a photo. */
  alt: string;
}

/** A profile photo, or the name's initials on a coloured disc: without a photo, and when the photo fails to load. */
export function Avatar({ name, photoUrl, alt }: AvatarProps) {
  // The URL that failed, so a new photo gets its own try.
  const [failed, setFailed] = useState<string | null>(null);
  const image = useRef<HTMLImageElement>(null);
  // An image rendered on the server may fail before React listens for its error event.
  useEffect(() => {
    const img = image.current;
    if (photoUrl && img?.complete && img.naturalWidth === 0) setFailed(photoUrl);
  }, [photoUrl]);

  if (photoUrl && failed !== photoUrl) {
    return (
      <img
        ref={image}
        className="gl-avatar"
        src={photoUrl}
        alt={alt}
        width={48}
        height={48}
        onError={() => setFailed(photoUrl)}
      />
    );
  }
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
