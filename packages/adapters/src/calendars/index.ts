export { GoogleFreeBusy, type GoogleFreeBusyOptions } from './google-freebusy';
export { busyIntervals, parseICalendar } from './ical-busy';
export { feedFetchUrl, ICalFeedBusyTimes, type ICalFeedOptions } from './ical-feed';
