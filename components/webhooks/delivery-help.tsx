const code = "rounded bg-slate-100 px-1 py-0.5 text-xs break-words";

/** What a receiving service gets, and how it checks that Steward sent it. */
export function DeliveryHelp() {
  return (
    <div className="space-y-2 text-sm">
      <p>
        Each event is a <code className={code}>POST</code> of JSON <code className={code}>{"{id, event, createdAt, data}"}</code> with these
        headers:
      </p>
      <ul className="list-disc space-y-1 pl-5">
        <li>
          <code className={code}>X-Steward-Event</code>: e.g. release.approved
        </li>
        <li>
          <code className={code}>X-Steward-Delivery</code>: the event id, the same on every retry, so duplicates can be ignored
        </li>
        <li>
          <code className={code}>X-Steward-Timestamp</code>: when this attempt was sent (Unix seconds)
        </li>
        <li>
          <code className={code}>X-Steward-Signature</code>: <code className={code}>sha256=</code> and the hex HMAC-SHA256 of the raw body,
          keyed with the webhook&apos;s secret
        </li>
      </ul>
      <p className="text-muted">
        A 2xx answer within 5 seconds counts as delivered. Otherwise Steward tries again after 5 s, 30 s, 2 min, 10 min and 1 h, then marks
        it failed.
      </p>
    </div>
  );
}
