# Texts shared by the bot process's jobs and any other sender (decision DMs, the moderators' chat).
# HTML parse mode: only <b>, <i>, <code>, <blockquote>; variables are escaped by the caller.

status-pending_ai = ⏳ Under review
status-pending_manual = ⏳ Under review
status-approved = ✅ Approved
status-rejected = ❌ Not approved
status-needs_revision = 📝 Needs changes
status-resubmitted = 🔁 Replaced by a new version
status-expired = ⌛ Expired
status-withdrawn = ↩️ Withdrawn

decision-approved =
    ✅ Good news! Your ad <code>{ $code }</code> was approved and published.
decision-rejected =
    ❌ Your ad <code>{ $code }</code> was not approved.

    <b>Reason:</b> { $reason }

    You can correct it and send it again with the button below.
decision-needs_revision =
    📝 Your ad <code>{ $code }</code> needs some changes before it can be published.

    <b>Moderator's note:</b> { $note }

    Tap the button below to edit it and send it again.
decision-expired =
    ⌛ Your ad <code>{ $code }</code> has expired and is no longer listed.
decision-no-reason = no reason was given
btn-edit-resubmit = ✏️ Edit & Resubmit

expiry-notice =
    ⏳ Your ad <code>{ $code }</code> expires tomorrow ({ $date }) and will then leave the listings.

    <blockquote>{ $preview }</blockquote>

    Tap <b>Renew</b> to keep it listed for another { $days } days.
btn-renew = 🔄 Renew

mod-new-ad = 🆕 <b>New ad for review</b> · <code>{ $code }</code>
mod-field-category = 📂 Category: { $category }
mod-field-source = 📥 Source: { $source }
mod-field-phone = 📱 Phone: { $phone }
mod-field-photo = 📷 With a photo (see the panel)
mod-field-ai = 🤖 AI pre-screening: { $verdict }
mod-field-ai-reason = 💬 { $reason }
mod-source-bot = Telegram bot
mod-source-partner = Partner API
mod-no-category = none
mod-verdict-approve = looks fine
mod-verdict-reject = should be rejected
mod-verdict-unsure = unsure
mod-verdict-unavailable = unavailable
mod-verdict-pending = not finished yet
mod-outcome-approved = ✅ <b>Approved</b> by { $by }
mod-outcome-rejected = ❌ <b>Rejected</b> by { $by }: { $reason }
mod-outcome-needs_revision = 📝 <b>Sent back for changes</b> by { $by }: { $note }
mod-outcome-withdrawn = ↩️ <b>Withdrawn</b> by the submitter
mod-outcome-other = ℹ️ Status: { $status }
mod-by-system = automatic moderation
mod-btn-approve = ✅ Approve
mod-btn-reject = ❌ Reject
mod-btn-back = ◀️ Back
mod-not-staff = Only people linked to an active staff account can decide here.
mod-wrong-chat = This chat is not the moderators' chat of this bot.
mod-already-decided = Already decided: { $status }
mod-decided-approved = Approved ✅
mod-decided-rejected = Rejected ❌
mod-approvals = 👥 Approvals { $votes }/{ $required }: { $names }
mod-voted = Your approval is recorded ({ $votes }/{ $required })
mod-already-voted = You have already approved this ad ({ $votes }/{ $required })
mod-choose-reason = Choose the reason for rejecting.
mod-btn-ban = ⛔ Ban submitter
mod-btn-shadow-ban = 👻 Shadow-ban
mod-ban-1d = 1 day
mod-ban-7d = 7 days
mod-ban-30d = 30 days
mod-ban-permanent = Until lifted
mod-choose-ban-duration = Ban the submitter for how long? They are told they cannot submit.
mod-choose-shadow-duration = Shadow-ban for how long? The bot looks normal to them; their ads never reach review (this one included).
mod-ban-reason = Banned from the moderators' chat (ad { $code })
mod-banned-done = Submitter banned ⛔
mod-shadow-banned-done = Submitter shadow-banned 👻
mod-submitter-banned = ⛔ The submitter is banned.
mod-submitter-shadow-banned = 👻 The submitter is shadow-banned.
mod-outcome-shadowed = 👻 <b>Hidden</b>: sent under a shadow ban; it will not be reviewed or published.

reject-reason-not_an_ad = This is not a classified ad.
reject-reason-unclear = The ad is incomplete or unclear; please add the details and a price.
reject-reason-prohibited = The ad offers something that is not allowed here.
reject-reason-duplicate = This ad duplicates another ad.
