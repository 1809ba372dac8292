export { noticeKinds, noticeWords, type Notice, type NoticeKind } from './notices.ts'
export { insertNotices, listNotices, type StoredNotice } from './notices.repository.ts'
export { noticesRoutes } from './notices.routes.ts'
export { noticesPolicy } from './notices.policy.ts'
