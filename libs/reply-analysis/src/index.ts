// Reading a reply that came back through Inbound Parse: what the person wrote (without quoted history), whether a
// machine wrote it, whether it is an out-of-office notice and until when, and its class. Pure functions.
export { visibleReply, MAX_ANALYSED_CHARS } from './visible-reply.js';
export { autoReplyKind, type AutoReplyVerdict } from './auto-reply.js';
export { outOfOffice, type OutOfOfficeVerdict } from './out-of-office.js';
export { returnDate, MAX_OUT_OF_OFFICE_DAYS, type ReturnDate } from './return-date.js';
export { classifyReply, classifyReplyWithReason, type AutoReplyFlag, type ReplyClassVerdict } from './reply-class.js';
export { parseHeaderBlock, headerValue, messageIdsIn, type MailHeaders } from './mail-headers.js';
export { guessLanguage, REPLY_LANGUAGES, type ReplyLanguage } from './phrases.js';
