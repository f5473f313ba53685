import { bookingMachine } from '../src/machine/booking-machine';
import { toMermaid } from '../src/machine/diagram';

console.log(toMermaid(bookingMachine));
