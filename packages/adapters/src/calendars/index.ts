export { GoogleFreeBusy, type GoogleFreeBusyOptions } from './google-freebusy';
export { type BusyWindow, busyIntervals, parseICalendar } from './ical-busy';
export { calendarFeedUrlCheck, feedFetchUrl, ICalFeedBusyTimes, type ICalFeedOptions } from './ical-feed';
