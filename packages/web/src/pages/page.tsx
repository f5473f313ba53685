import { type ReactNode, useEffect, useRef } from 'react';

/**
 * A page's one `h1`, which also names the document. It takes focus when the page opens, so that after a
 * navigation a screen reader starts at the new page instead of the link that led there.
 */
export function PageHeading({
  children,
  title,
  hidden = false,
}: {
  children: ReactNode;
  title: string;
  /** Only for screen readers, where the component below shows the same title (the pending list, …). */
  hidden?: boolean;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Greenlight`;
  }, [title]);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, []);
  return (
    <h1 ref={heading} tabIndex={-1} className={hidden ? 'page-title visually-hidden' : 'page-title'}>
      {children}
    </h1>
  );
}

/** What a page shows while its code loads. */
export function Loading() {
  return (
    <p className="page-loading" role="status">
      Loading…
    </p>
  );
}
