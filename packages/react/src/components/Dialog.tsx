import { type ReactNode, useEffect, useId, useRef } from 'react';
import { useGreenlight } from '../hooks/use-greenlight';

export interface DialogProps {
  open: boolean;
  title: string;
  /** Called when the dialog closes: its close button, Escape, or `open` turning false. */
  onClose(): void;
  children: ReactNode;
}

/**
 * A modal on the native `<dialog>`: `showModal()` traps focus, makes the page behind it inert and closes on
 * Escape; when it closes, focus goes back to whatever opened it. An element marked `data-autofocus` gets the
 * focus when it opens.
 */
export function Dialog({ open, title, onClose, children }: DialogProps) {
  const { messages } = useGreenlight();
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const titleId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      opener.current = document.activeElement;
      element.showModal();
      // showModal() focuses the first focusable element (the close button); a form names a better one.
      element.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    } else if (!open && element.open) {
      element.close();
    }
  }, [open]);

  const closed = () => {
    onClose();
    const target = opener.current;
    opener.current = null;
    if (target instanceof HTMLElement && target.isConnected) target.focus();
  };

  return (
    <dialog ref={dialog} className="gl-dialog" aria-labelledby={titleId} onClose={closed}>
      <div className="gl-dialog__header">
        <h2 id={titleId} className="gl-dialog__title">
          {title}
        </h2>
        <button
          type="button"
          className="gl-button gl-button--quiet"
          aria-label={messages.close}
          onClick={() => dialog.current?.close()}
        >
          ×
        </button>
      </div>
      {open ? children : null}
    </dialog>
  );
}
