import type { Money, PutUserBody } from '@greenlight/core';

export interface Mentor extends PutUserBody {
  id: string;
  sessionType: string;
  price: Money;
}

export interface Customer extends PutUserBody {
  id: string;
}

/** The shop's own mentors and their prices: the shop, not the browser, decides what a session costs. */
export const MENTORS: Mentor[] = [
  {
    id: 'usr_mia',
    name: 'Mia Hoffmann',
    email: 'mia@example.com',
    timezone: 'Europe/Berlin',
    sessionType: 'System-design interview practice',
    price: { amount: 12_000, currency: 'USD' },
  },
  {
    id: 'usr_ravi',
    name: 'Ravi Menon',
    email: 'ravi@example.com',
    timezone: 'Asia/Kolkata',
    sessionType: 'Career coaching',
    price: { amount: 6_000, currency: 'USD' },
  },
];

/** The customer this example pretends is signed in; a real shop takes them from its session. */
export const CUSTOMER: Customer = {
  id: 'usr_noah',
  name: 'Noah Carter',
  email: 'noah@example.com',
  timezone: 'America/New_York',
};

export function personName(id: string): string {
  return [...MENTORS, CUSTOMER].find((p) => p.id === id)?.name ?? id;
}
