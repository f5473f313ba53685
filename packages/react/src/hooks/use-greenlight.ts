import { useContext } from 'react';
import { GreenlightContext, type GreenlightContextValue } from '../provider';

/** The provider's client, user, strings and formats; throws outside `<GreenlightProvider>`. */
export function useGreenlight(): GreenlightContextValue {
  const value = useContext(GreenlightContext);
  if (!value) throw new Error('Greenlight components must be rendered inside <GreenlightProvider>');
  return value;
}
