export { byId, seenAll, type Feed, type FeedListing } from "./feed";
export { planCalls, fireTime, slackFor, type Call, type FeedStatus, type Plan, type Poll } from "./plan";
export { systemTimer, Watcher, watcherFor, type Timer, type Track, type Via, type WatchSpec } from "./watcher";
export { fleetOf } from "./fleet";
