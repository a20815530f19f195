# The bot's texts in English. Messages are sent with parse_mode HTML: tags <b> <i> <code> <blockquote>
# only; variables are escaped by ctx.tHtml. Button labels and callback answers are plain text (ctx.t).

## Language
language-prompt =
    🌐 Please choose your language.
    لطفاً زبان خود را انتخاب کنید.
language-set = ✅ Language: English
btn-lang-fa = 🇮🇷 فارسی
btn-lang-en = 🇬🇧 English

## Main menu and help
welcome = 👋 Hello { $name }! Here you can send a classified ad to our channel.
menu = 🏠 <b>Main menu</b> — what would you like to do?
btn-new-ad = ➕ New ad
btn-my-ads = 📋 My ads
btn-help = ❓ Help
btn-language = 🌐 Language / زبان
btn-menu = 🏠 Main menu
btn-back = ◀️ Back
btn-cancel = ✖️ Cancel
help =
    ❓ <b>How it works</b>

    1. Tap <b>New ad</b> (or send /new).
    2. Share your phone number with the button (only the first time).
    3. Choose a category.
    4. Send the text of your ad (at most { $max } characters). Stickers, GIFs, voice messages and files are not accepted.
    5. Add photos if you like (one, or an album of up to 10), or skip.
    6. Check the preview and confirm.

    You receive a tracking code right away, and a message here when a moderator has reviewed your ad. If it needs changes, the <b>Edit &amp; Resubmit</b> button brings your text back for editing.

    Commands: /new new ad · /myads your ads · /lang language · /cancel stop the current ad · /help this help
cmd-start = Start and main menu
cmd-new = Submit a new ad
cmd-myads = Your ads and their status
cmd-lang = Change the language
cmd-cancel = Cancel the current ad
cmd-help = How it works

## Flow: general
flow-resume = ↪️ You have an unfinished ad — let's continue where you left off. Send /cancel to discard it.
flow-cancelled = ✖️ Cancelled. Nothing was submitted.
flow-nothing-to-cancel = There is nothing to cancel.
stale-button = This button is no longer active.
unknown-command = I don't know that command. Send /help to see what I can do.
error-apology = 😔 Sorry, something went wrong on our side. Please try again in a moment.

## Flow: contact
contact-prompt =
    📱 To send an ad we need your phone number, so buyers and our team can reach you.
    Tap <b>Share my phone number</b> below. Only your own number, shared with the button, is accepted.
btn-share-contact = 📱 Share my phone number
contact-not-yours = ⚠️ That contact is not yours. Please tap <b>Share my phone number</b> to share your own number.
contact-use-button = ⚠️ Please don't type the number: tap <b>Share my phone number</b> below so Telegram confirms it is yours.
contact-invalid = ⚠️ That phone number can't be used. Please share your own number with the button.
contact-saved = ✅ Phone number saved: { $phone }

## Flow: category
category-prompt = 📂 <b>Step 1 of 4</b> — choose a category for your ad:
category-unavailable = ⚠️ That category is no longer available. Please choose another one.
category-chosen = 📂 Category: <b>{ $category }</b>
no-category = none

## Flow: text
text-prompt =
    ✍️ <b>Step 2 of 4</b> — send the text of your ad in <b>one message</b>, at most { $max } characters.
    Say what you offer, the price and anything else people need to know.
text-current =
    Your current text:
    <blockquote>{ $content }</blockquote>
    Send a new text, or keep this one.
btn-keep-text = ✅ Keep current text
text-too-long = ⚠️ Your text has { $length } characters, but the limit is { $max }. Please shorten it by { $over } characters and send it again.
text-empty = ⚠️ The text is empty. Please send the text of your ad.
text-command = ⚠️ That looks like a command, not an ad. Please send the text of your ad, or /cancel to stop.
text-not-text = ⚠️ { $kind } can't be used as an ad. Please send your ad as a <b>text message</b>.
text-photo-first = ⚠️ Please send the <b>text</b> of your ad first; you can add a photo in the next step. (Or send the photo with the ad text as its caption.)
kind-sticker = Stickers
kind-animation = GIFs
kind-voice = Voice messages
kind-video = Videos
kind-video-note = Video messages
kind-audio = Audio files
kind-document = Files
kind-location = Locations
kind-contact = Contacts
kind-poll = Polls
kind-other = This kind of message

## Flow: photo
photo-prompt = 📷 <b>Step 3 of 4</b> — send a <b>photo</b> or an <b>album</b> (up to 10 photos) for your ad, or skip this step.
photo-current = Your ad already has photos. Send more to add them (up to 10 in all), keep them, or remove them.
btn-skip-photo = ⏭ Skip photo
btn-keep-photo = ✅ Keep the photos
btn-remove-photo = 🗑 No photo
photo-expected = ⚠️ Please send a photo, or tap <b>Skip photo</b>.
photo-as-document = ⚠️ Please send the picture as a <b>photo</b>, not as a file.
photo-not-allowed = ⚠️ { $kind } can't be added to an ad. Please send a photo, or tap <b>Skip photo</b>.

## Flow: preview and submission
preview =
    👀 <b>Step 4 of 4</b> — please check your ad:

    📂 Category: <b>{ $category }</b>
    📱 Phone: { $phone }
    📷 Photo: { $photo }

    <blockquote>{ $content }</blockquote>
preview-resubmit = ✏️ This new version will replace ad <code>{ $code }</code>.
preview-photo-yes = attached
preview-photo-no = none
preview-photos = { $count } attached
photos-limit = ⚠️ An ad can have at most { $max } photos: the first { $max } are kept and { $dropped } were left out.
preview-use-buttons = Please use the buttons below the preview: Confirm, Edit or Cancel.
btn-confirm = ✅ Confirm and send
btn-edit = ✏️ Edit
submitted =
    🎉 Your ad has been received!
    Tracking code: <code>{ $code }</code>

    We'll review it and send you the result here.
already-submitted = Already sent — tracking code { $code }
resubmit-target-gone = ⚠️ Ad { $code } can no longer be replaced (it is now: { $status }). Your text is kept: confirm to send it as a new ad.

## Bans and per-user limits
submit-banned = ⛔ You can't send ads at the moment.
submit-banned-until = ⛔ You can't send ads until { $until }.
quota-active = ⚠️ You already have { $max } ads waiting for review or published — the most allowed at once. You can send a new one when one of them has been decided or has expired, or after withdrawing one in <b>My ads</b>.
quota-daily = ⚠️ You have sent { $max } ads in the last 24 hours — the daily limit. You can send a new one in about { $wait }.
quota-wait-hours = { $hours ->
    [one] 1 hour
   *[other] { $hours } hours
}
quota-wait-minutes = { $minutes ->
    [one] 1 minute
   *[other] { $minutes } minutes
}

## My ads
myads-empty = 📋 You haven't sent any ads yet. Tap <b>New ad</b> to send one.
myads-title = 📋 <b>Your ads</b> — page { $page } of { $pages }
myads-line =
    <b>{ $index }.</b> <code>{ $code }</code> · { $status }
    { $preview }
btn-prev = ◀️ Newer
btn-next = Older ▶️
myads-detail =
    📄 <b>Ad</b> <code>{ $code }</code>
    Status: { $status }
    📂 Category: { $category }
    🗓 Sent: { $date }
    📷 Photo: { $photo }

    <blockquote>{ $content }</blockquote>
myads-reason = <b>Reason:</b> { $reason }
myads-note = <b>Moderator's note:</b> { $note }
btn-withdraw = ↩️ Withdraw
btn-resubmit = ✏️ Edit & Resubmit
btn-back-to-list = ◀️ My ads
withdraw-confirm = ↩️ Withdraw ad <code>{ $code }</code>? It will not be reviewed or published.
btn-withdraw-yes = ↩️ Yes, withdraw it
btn-withdraw-no = No, keep it
withdrawn = ↩️ Ad <code>{ $code }</code> was withdrawn.
withdraw-too-late = ⚠️ Ad <code>{ $code }</code> can't be withdrawn any more — it is now: { $status }.
ad-not-found = ⚠️ This ad doesn't exist or isn't yours.

## Expiry and renewal
myads-expires = ⏳ Listed until { $date }
myads-expired-renewable = ⌛ Expired on { $date } — you can still renew it until { $until }.
myads-expired-final = ⌛ Expired on { $date }.
renew-done = ✅ Ad <code>{ $code }</code> was renewed: it stays listed until { $date }.
renew-revived = ✅ Ad <code>{ $code }</code> was renewed and is listed again until { $date }.
renew-already = ℹ️ Ad <code>{ $code }</code> is already listed until { $date }: renewing now would add almost nothing. Renew it closer to that date.
renew-grace-over = ⚠️ Ad <code>{ $code }</code> expired on { $date }, too long ago to be renewed. You can send it again as a new ad.
renew-limit = ⚠️ Ad <code>{ $code }</code> was already renewed { $max } times, the most allowed. You can send it again as a new ad.
renew-not-allowed = ⚠️ Only an approved or recently expired ad can be renewed. Ad <code>{ $code }</code> is: { $status }.
renew-toast-done = Renewed ✅

## Edit & Resubmit
resubmit-invalid-link = ⚠️ This link is not valid.
resubmit-not-allowed = ⚠️ Only an ad that was not approved or needs changes can be edited and sent again. Ad <code>{ $code }</code> is: { $status }.
resubmit-start = ✏️ Editing ad <code>{ $code }</code>. Your text, category and photo are filled in: change what you need.
