export { type LedgerEntry, LedgerRefunds, type LedgerRefundsOptions } from './ledger';
export {
  paymentParameter,
  STRIPE_API_VERSION,
  StripeApiError,
  StripeRefunds,
  type StripeRefundsOptions,
} from './stripe';
