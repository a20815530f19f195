# متن‌های مشترک (پیام نتیجهٔ بررسی، گروه ناظران). حالت HTML؛ متغیرها را فراخواننده escape می‌کند.

status-pending_ai = ⏳ در حال بررسی
status-pending_manual = ⏳ در حال بررسی
status-approved = ✅ تأیید شده
status-rejected = ❌ رد شده
status-needs_revision = 📝 نیازمند اصلاح
status-resubmitted = 🔁 با نسخهٔ جدید جایگزین شد
status-expired = ⌛ منقضی شده
status-withdrawn = ↩️ پس گرفته شد

decision-approved =
    ✅ خبر خوب! آگهی شما با کد <code>{ $code }</code> تأیید و منتشر شد.
decision-rejected =
    ❌ آگهی شما با کد <code>{ $code }</code> تأیید نشد.

    <b>دلیل:</b> { $reason }

    می‌توانید آن را اصلاح کنید و با دکمهٔ زیر دوباره بفرستید.
decision-needs_revision =
    📝 آگهی شما با کد <code>{ $code }</code> پیش از انتشار به کمی اصلاح نیاز دارد.

    <b>یادداشت ناظر:</b> { $note }

    با دکمهٔ زیر آن را ویرایش کنید و دوباره بفرستید.
decision-expired =
    ⌛ آگهی شما با کد <code>{ $code }</code> منقضی شده است و دیگر نمایش داده نمی‌شود.
decision-no-reason = دلیلی ذکر نشده است
btn-edit-resubmit = ✏️ ویرایش و ارسال دوباره

expiry-notice =
    ⏳ آگهی شما با کد <code>{ $code }</code> فردا ({ $date }) منقضی می‌شود و از فهرست آگهی‌ها برداشته می‌شود.

    <blockquote>{ $preview }</blockquote>

    برای اینکه { $days } روز دیگر در فهرست بماند، دکمهٔ <b>تمدید</b> را بزنید.
btn-renew = 🔄 تمدید

mod-new-ad = 🆕 <b>آگهی جدید برای بررسی</b> · <code>{ $code }</code>
mod-field-category = 📂 دسته: { $category }
mod-field-source = 📥 منبع: { $source }
mod-field-phone = 📱 تلفن: { $phone }
mod-field-photo = 📷 همراه با عکس (در پنل ببینید)
mod-field-ai = 🤖 بررسی هوش مصنوعی: { $verdict }
mod-field-ai-reason = 💬 { $reason }
mod-source-bot = ربات تلگرام
mod-source-partner = API همکاران
mod-no-category = بدون دسته
mod-verdict-approve = مناسب به نظر می‌رسد
mod-verdict-reject = باید رد شود
mod-verdict-unsure = نامطمئن
mod-verdict-unavailable = در دسترس نبود
mod-verdict-pending = هنوز تمام نشده
mod-outcome-approved = ✅ <b>تأیید شد</b> توسط { $by }
mod-outcome-rejected = ❌ <b>رد شد</b> توسط { $by }: { $reason }
mod-outcome-needs_revision = 📝 <b>برای اصلاح برگشت داده شد</b> توسط { $by }: { $note }
mod-outcome-withdrawn = ↩️ <b>کاربر آگهی را پس گرفت</b>
mod-outcome-other = ℹ️ وضعیت: { $status }
mod-by-system = بررسی خودکار
mod-btn-approve = ✅ تأیید
mod-btn-reject = ❌ رد
mod-btn-back = ◀️ بازگشت
mod-not-staff = فقط افرادی که به یک حساب فعال کارکنان متصل هستند می‌توانند اینجا تصمیم بگیرند.
mod-wrong-chat = این گفتگو، گروه ناظران این ربات نیست.
mod-already-decided = قبلاً تصمیم گرفته شده: { $status }
mod-decided-approved = تأیید شد ✅
mod-decided-rejected = رد شد ❌
mod-approvals = 👥 تأییدها { $votes }/{ $required }: { $names }
mod-voted = تأیید شما ثبت شد ({ $votes }/{ $required })
mod-already-voted = شما قبلاً این آگهی را تأیید کرده‌اید ({ $votes }/{ $required })
mod-choose-reason = دلیل رد را انتخاب کنید.
mod-btn-ban = ⛔ مسدود کردن فرستنده
mod-btn-shadow-ban = 👻 مسدودسازی پنهان
mod-ban-1d = ۱ روز
mod-ban-7d = ۷ روز
mod-ban-30d = ۳۰ روز
mod-ban-permanent = تا لغو
mod-choose-ban-duration = فرستنده برای چه مدتی مسدود شود؟ به او گفته می‌شود که نمی‌تواند آگهی بفرستد.
mod-choose-shadow-duration = مسدودسازی پنهان برای چه مدتی؟ ربات برای او عادی به نظر می‌رسد، اما آگهی‌هایش (از جمله همین آگهی) هرگز به بررسی نمی‌رسند.
mod-ban-reason = مسدود شده از گروه ناظران (آگهی { $code })
mod-banned-done = فرستنده مسدود شد ⛔
mod-shadow-banned-done = فرستنده به‌صورت پنهان مسدود شد 👻
mod-submitter-banned = ⛔ فرستنده مسدود است.
mod-submitter-shadow-banned = 👻 فرستنده به‌صورت پنهان مسدود است.
mod-outcome-shadowed = 👻 <b>پنهان</b>: در زمان مسدودسازی پنهان فرستاده شده؛ بررسی یا منتشر نمی‌شود.

reject-reason-not_an_ad = این متن یک آگهی نیازمندی نیست.
reject-reason-unclear = آگهی ناقص یا نامفهوم است؛ لطفاً جزئیات و قیمت را اضافه کنید.
reject-reason-prohibited = آگهی چیزی را عرضه می‌کند که انتشارش اینجا مجاز نیست.
reject-reason-duplicate = این آگهی تکراری است.
