export { JitsiMeetings, type JitsiMeetingsOptions } from './jitsi';
export { ZoomMeetings, type ZoomMeetingsOptions, zoomStartTime } from './zoom';
export { ZoomApiError } from './zoom-errors';
