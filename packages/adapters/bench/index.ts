import { benchApprove } from './approve';
import { flags } from './lib';
import { benchPurge } from './purge';
import { benchSweep } from './sweep';

const options = flags();
if (!options.only || options.only === 'approve') await benchApprove(options);
if (!options.only || options.only === 'sweep') await benchSweep(options);
if (!options.only || options.only === 'purge') await benchPurge(options);
