import { describe, expect, it } from 'vitest';
import { renderAs, seedPair } from '../test/browser';
import { PendingBookings } from './components/PendingBookings';

function style(element: Element) {
  return getComputedStyle(element);
}

describe('styles.css in the page', () => {
  it('takes its colours and radius from --gl-* variables set anywhere above the components', async () => {
    const pair = await seedPair();
    const screen = await renderAs(
      pair.mentor,
      <div style={{ '--gl-color-accent': 'rgb(10, 20, 30)', '--gl-radius': '3px' } as React.CSSProperties}>
        <PendingBookings />
      </div>,
    );
    await expect.element(screen.getByText('No bookings are waiting for you.')).toBeVisible();
    const root = document.querySelector('.gl-root')!;
    expect(style(root).borderRadius).toBe('3px');
    const heading = screen.getByRole('heading', { name: 'Pending bookings' }).element();
    expect(heading.closest('.gl-root')).toBe(root);
    expect(style(root).getPropertyValue('--_accent').trim()).toBe('rgb(10, 20, 30)');
  });

  it('leaves the rest of the page alone, and the platform’s own rules win over it', async () => {
    const pair = await seedPair();
    const platformCss = document.createElement('style');
    // Unlayered, and no more specific than the package's own rule: it wins because it is outside the layer.
    platformCss.textContent =
      '.gl-root .gl-button { border-radius: 0px; } .gl-root { color: rgb(200, 0, 0); }';
    document.head.append(platformCss);
    try {
      const screen = await renderAs(
        pair.mentor,
        <>
          <h2 data-testid="outside">The platform’s heading</h2>
          <button type="button" data-testid="outside-button">
            The platform’s button
          </button>
          <PendingBookings />
        </>,
      );
      await expect.element(screen.getByText('No bookings are waiting for you.')).toBeVisible();
      const outside = screen.getByTestId('outside').element();
      const outsideButton = screen.getByTestId('outside-button').element();
      const inside = screen.getByRole('heading', { name: 'Pending bookings' }).element();
      // The package's h2 rule (1.25em, no margin-top) applies inside only.
      expect(style(inside).fontSize).not.toBe(style(outside).fontSize);
      expect(style(outside).marginTop).not.toBe('0px');
      expect(style(outsideButton).borderRadius).not.toBe('8px');
      expect(style(document.querySelector('.gl-root')!).color).toBe('rgb(200, 0, 0)');
    } finally {
      platformCss.remove();
    }
  });
});
