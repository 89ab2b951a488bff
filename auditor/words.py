"""The printed words auditor recognises, each list once, with where its words come from.

Only the words live here; how they are matched stays with the code that matches them
(a row label's key in :mod:`auditor.readers.rows`, a name's category in
:mod:`auditor.categories`, value-added charges in :mod:`auditor.rules.value_added`, a message's
phrasing in the SMS readers). Words are written as those compare them: simplified
Chinese (traditional characters are folded first, :func:`auditor.names.fold_traditional`),
half-width, lower case.

Not here: the column names a table header uses (:mod:`auditor.readers.table_header`,
with the header-block labels of :mod:`auditor.readers.header_block`), which are read as
a table's vocabulary together with the fields they map to; and the carrier facts of
``auditor/catalog/*.toml`` (carrier detection words, portal field spellings), which are
data with their sources.
"""

from __future__ import annotations

import re

# ------------------------------------------------------------------ totals and payments
# The labels of a bill's rows that are not charges: the input spec's total rows ("Bill,
# statement layout": 合计, 总计, 本月费用合计 …), and the subtotals and payment rows found
# in carriers' statements and exports since (fixtures/, tests/test_table_totals.py).

#: A row labelled so is the bill's total (the whole label, after header_key).
TOTAL_WORDS = ("合计", "总计", "本月费用合计", "费用合计", "本月消费", "共计", "实际应缴")
TOTAL_WORDS += ("实际应缴合计", "应缴费用", "本月合计", "应缴合计", "total", "grand total")
#: Any label ending in one of these is a total too (本期费用合计, 账单总计 ...).
TOTAL_ENDINGS = ("合计", "总计", "共计")
#: A part's sum: a line's in a family bill, a section's (增值业务费小计: any label ending
#: in 小计 is one).
SUBTOTAL_WORDS = ("小计", "subtotal", "sub total")
#: Rows about paying the bill, not about what it charges: money paid, prepaid or owed from
#: before, and balances. They are neither charges nor the stated total (本期应付费用 is the
#: total less what the balance already paid). 实际应缴(合计) and 应缴费用 are totals.
PAYMENT_WORDS = ("本期已付费用", "本期应付费用", "本期已付", "本期应付", "已付费用", "已付金额")
PAYMENT_WORDS += ("实付", "实付金额", "实付款", "实付费用", "实缴", "实缴金额", "已缴", "已缴费用")
PAYMENT_WORDS += ("已缴金额", "本期已缴", "本期已缴费用", "本期缴费", "本期缴费金额", "缴费金额")
PAYMENT_WORDS += ("预存款", "预存话费", "预付款", "上期欠费", "往月欠费", "历史欠费", "欠费")
# What is due after deductions (本月应缴 beside 本月费用合计); 实际应缴 stays a total.
PAYMENT_WORDS += ("本月应缴", "本期应缴", "应缴金额", "本月应付", "应付金额")
PAYMENT_WORDS += ("paid", "amount paid", "payment", "payments", "balance", "previous balance")
#: Any label ending in one of these is a balance (账户余额, 预存款余额, 上期结余 ...).
PAYMENT_ENDINGS = ("余额", "结余")
#: The heading of a bill's account block (上期结余, 本期缴费, 本期消费, 本期结余: China
#: Mobile's e-bill prints it beside or above the charges; trial t13's bills): what stands
#: under it is account information, not charges.
ACCOUNT_HEADINGS = ("账户信息", "账户概况", "账户信息概览", "账户余额信息", "余额信息", "账户资金")
#: The month's spending as an account block states it (the bill's total, said again).
ACCOUNT_LABELS = ("本期消费", "本月消费", "当月消费", "本期消费合计", "本月消费合计")
#: The label of a heading naming an account that is no mobile line (宽带账号：051262001234,
#: a fusion bill's 固话, 魔百和/IPTV account; trial t14): the rows under it are that
#: account's, never the mobile line's whose block stands above it. A bill's 账户 or 账户号码
#: is none: it is the line's own billing account (a row 账户号码：3000123456789 under a
#: line's table header names the line's bill, not another account's rows).
OTHER_ACCOUNT_LABELS = ("宽带账号", "宽带帐号", "宽带号码", "宽带账户", "宽带", "固话号码", "固话")
OTHER_ACCOUNT_LABELS += ("固定电话", "固定电话号码", "座机号码", "IPTV账号", "IPTV", "魔百和账号")
OTHER_ACCOUNT_LABELS += ("魔百和", "互联网电视账号", "电视账号")

# ------------------------------------------------------------------ notes
# Rows below (or inside) a table that are the carrier talking, not data, as carriers'
# e-bills and PDF statements print them.

#: A row starting with one of these is a note.
NOTE_STARTS = ("温馨提示", "温馨提醒", "友情提示", "特别提示", "特别说明", "客服热线", "客服电话")
NOTE_STARTS += (
    "如有疑问",
    "如有问题",
    "如有异议",
    "如需帮助",
    "以上",
    "本账单",
    "此账单",
    "※",
    "*",
)
#: Short words that start a note only with their colon (注：…), so that a service named
#: 提示音 is not taken for a note; 注 also standing alone.
NOTE_LABELS = ("提示", "注意", "注", "备注", "说明", "note")
NOTE_ALONE = ("注",)

# ------------------------------------------------------------------ categories
# The input spec's charge categories ("Categories": a charge's category comes from its
# section or category column, then from its item name): a name holding one of these words
# says its category. auditor.categories checks them in its own order, the more specific
# first.

#: Third-party (代收费): billed by the carrier for someone else. Also the audit spec's
#: words for a charge or service that is third-party ("Value-added or third-party").
THIRD_PARTY_KEYWORDS = ("代收", "信息费", "第三方")
#: A category name's further third-party words: an SP's fee or business (SP费, SP业务).
THIRD_PARTY_SP_WORDS = ("sp费", "sp业务")
#: A name that is exactly this (a category column saying ``SP``) is third-party.
THIRD_PARTY_ABBREVIATION = "sp"
DISCOUNT_WORDS = ("优惠", "减免", "抵扣", "折扣", "赠送", "返还", "代付", "discount")
VAS_CATEGORY_WORDS = ("增值业务", "功能费", "来电显示", "彩铃", "炫铃", "手机报", "会员", "vas")
SMS_CATEGORY_WORDS = ("短彩信", "短信", "彩信", "sms")
DATA_WORDS = ("上网", "流量", "gprs", "数据", "data")
VOICE_WORDS = ("语音", "通话", "通信费", "长途", "漫游", "voice")
PLAN_WORDS = ("套餐", "固定费", "月租", "包月使用费", "月基本费", "基本费", "保底", "plan", "合约")
OTHER_WORDS = ("其他", "停机保号", "other")
#: A plan's fee named for no plan (China Telecom bills print 包月费 or 套餐月基本费, never
#: the plan's name): the whole item is one of these, and is filed as a plan's fee by it
#: (its portal JSON files 包月费 under 套餐及叠加包月基本费 > 月基本费, fixtures/realworld/
#: china-telecom-family-bill-2lines.json; a PDF or a scan prints it alone). Not a word in
#: a name: 视频包月费 is a value-added service's. A line whose service list names one plan
#: is billed that plan by it (:func:`auditor.rules.fee_names.sole_plans`).
PLAN_FEE_NAMES = (
    "包月费",
    "包月使用费",
    "套餐费",
    "套餐月费",
    "套餐月基本费",
    "套餐基本费",
    "套餐包月费",
    "月基本费",
    "基本费",
    "月租",
    "月租费",
    "基本月租",
    "套餐月租",
)
#: A section named for charges beyond the plan (套餐及叠加包超出费用, China Telecom) says
#: nothing about what the charge is for, though its 套餐 reads as plan.
OVER_PLAN_WORDS = ("超出",)
#: Sections that say a charge is over the plan, not what it is for (China Telecom's
#: portal trees): their items are categorised by their own (or a nearer section's)
#: name, not as plan fees.
UNCATEGORISED_SECTIONS = ("套餐及叠加包超出费用", "套餐外费用", "超出费用")

# ------------------------------------------------------------------ detail records
# A bill's 详单 pages (China Mobile's 通话详单/上网详单 after the bill's page; trial t13's
# PDFs): one record a call, a message or a data session, each already inside a charge of
# the bill. Not charges.

#: A title holding one of these heads detail records (通话详单, 上网详单, 短信详单, 通话记录).
DETAIL_TITLE_WORDS = ("详单", "通话记录", "上网记录", "短信记录", "通信记录", "使用记录")
#: The columns of a detail record table (a header row naming two or more of these).
DETAIL_COLUMN_WORDS = ("起始时间", "开始时间", "通话时间", "通信时间", "发送时间", "使用时间")
DETAIL_COLUMN_WORDS += ("对方号码", "通信时长", "通话时长", "上网时长", "通信地点", "通话地点")
DETAIL_COLUMN_WORDS += ("通信方式", "呼叫类型", "通信类型", "上网方式", "总流量", "使用流量")

# ------------------------------------------------------------------ not bills
# Papers kept beside a line's bills that read like one, found in a new user's Downloads
# (trial t15): the carrier's 电子发票, a 通话详单 export, a 积分兑换 statement, a 缴费记录
# and a top-up SMS (auditor.readers.not_bills). No one word decides alone where a real
# bill may print it too (an item 发票邮寄费, a 充值赠送 credit, a note 积分兑换请登录…).

#: An invoice's total of price and tax: printed on an invoice, never on a bill.
INVOICE_TOTAL_WORDS = ("价税合计",)
#: An invoice's other labels and columns: two of them make one (a label or a column
#: starting with the word: 购买方名称, 开票日期：…).
INVOICE_WORDS = ("发票代码", "发票号码", "开票日期", "购买方", "销售方", "税率", "税额")
#: A points statement's columns: one of each in a header row (兑换项目 | 积分, 时间 |
#: 积分变动); a bill's points block (本期兑换积分 | 可用积分) names points in each column.
POINTS_WORDS = ("积分",)
POINTS_ITEM_WORDS = ("兑换", "时间", "日期")
#: The columns of a list of payments or top-ups (缴费记录, 充值记录): when and how paid.
PAYMENT_COLUMN_WORDS = ("缴费时间", "缴费日期", "缴费方式", "缴费渠道", "充值时间", "充值日期")
PAYMENT_COLUMN_WORDS += ("充值方式", "充值渠道", "交费时间", "交费日期", "交费方式", "交费渠道")
#: Money paid in (话费充值, 缴费), and the credit a top-up gives (赠送话费): a list whose
#: items are only these, one paid in at least, lists payments, not charges.
TOP_UP_WORDS = ("充值", "缴费", "交费")
TOP_UP_GIFT_WORDS = ("赠送", "赠费")
#: A message naming its bill is the bill's, whatever it says of a payment.
TOP_UP_BILL_WORDS = ("账单",)

# Papers with no bill's table, or a table of another kind, in the same Downloads (trial
# t15; auditor.readers.statements): set aside as what they are, never failures.
#: A statement's columns (支付宝, 微信支付, a bank's 交易明细): one of the first, two of
#: the others in a header row. A carrier's bill names its charges, not trades.
STATEMENT_DATE_WORDS = ("交易时间", "交易日期", "记账日期", "记账时间", "入账日期", "入账时间")
STATEMENT_WORDS = ("交易对方", "收/支", "收入", "支出", "余额", "交易类型", "交易分类", "摘要")
STATEMENT_WORDS += ("交易单号", "商户单号", "交易订单号", "商家订单号", "对方户名", "对方账号")
STATEMENT_WORDS += ("借方", "贷方", "支付方式", "收/付款方式", "交易状态", "当前状态")
#: A contract's title (its first lines end with one: 家庭宽带业务协议) or its parties.
AGREEMENT_TITLE_ENDINGS = ("协议", "协议书", "合同", "合同书", "服务条款")
AGREEMENT_PARTIES = ("甲方", "乙方")
#: Words a bill's text holds, one at least, however badly a picture of it is read: OCR's
#: text without any (a chat, an app's home screen) is no bill.
BILL_TEXT_WORDS = ("账单", "账期", "计费周期", "合计", "总计", "应缴", "实缴", "费用", "月租")

# ------------------------------------------------------------------ not money
#: A part of a bill page headed by one of these is not about money (积分 = loyalty
#: points, China Telecom Shandong's portal fragments, fixtures/realworld/).
NOT_MONEY_WORDS = ("积分",)

# ------------------------------------------------------------------ value-added
#: Words that make a charge or service value-added or third-party (audit spec,
#: "Value-added or third-party"); ``sp`` is matched as a word by auditor.rules.value_added.
VAS_KEYWORDS = ("增值", "代收", "信息费", "会员", "彩铃", "炫铃", "铃音", "手机报", "阅读")
VAS_KEYWORDS += ("游戏", "音乐", "视频", "动漫", "点播")

# ------------------------------------------------------------------ services
# A service list's status column (input spec, "Service list": status words), checked in
# this order.
ENDED_WORDS = ("退订", "取消", "失效", "注销", "终止", "过期", "cancel", "ended", "expired")
PENDING_WORDS = ("待生效", "次月生效", "预约", "未生效", "pending")
ACTIVE_WORDS = ("正常", "已订购", "生效中", "在用", "使用中", "有效", "已开通", "active")
#: What an app's 已订业务 card shows as a button, alone in its place: an action the user
#: may take, never the service's status (退订 as a button is not 已退订).
BUTTON_WORDS = ("退订", "立即退订", "去退订", "取消订购", "办理", "详情", "查看详情", "更多", ">")

#: A service named or priced as a free trial (audit spec, ``trial-to-paid``).
TRIAL_WORDS = ("免费体验", "体验", "试用", "首月免费", "0元体验")
#: A trial's name saying its first period is free, not only cheaper (首月免费体验, 首月0元):
#: charged at all in it, where no price is listed, it was not honoured (``trial-to-paid``).
FREE_TRIAL_WORDS = ("免费", "0元")
#: What a price text's first period may say instead of a price, for it to cost less than
#: the months after it (首月半价 次月起10元/月, 前3个月免费): a trial priced so
#: (:mod:`auditor.trial_price`).
CHEAPER_FIRST_WORDS = ("免费", "半价", "优惠", "折", "体验", "试用")
#: A first month charged by the days it was held (首月按天折算, 按日计费): dearer per day than
#: no trial, the full price from its first day, so never a cheaper first period (折 is in 折算).
PRO_RATA_WORDS = ("折算", "按天", "按日")
#: A line shown as suspended, on the bill or the service list (audit spec,
#: ``suspended-line``): 停机 is not 销户, the line is still charged.
SUSPENSION_WORDS = ("停机", "停机保号", "报停", "停机保号费")
#: Names that hold a suspension word and are not a suspension: the free functions that
#: warn before one (余额不足停机提醒) or switch a line on again (停复机, 开机).
NOT_SUSPENSION_WORDS = ("提醒", "通知", "预警", "复机", "开机")
#: A suspension that keeps the number for a fee of its own (停机保号, 保号费): closing the
#: line is for a number no longer needed, and its plan is not billed beside the fee.
KEEP_NUMBER_WORDS = ("保号",)
#: A contract the service list shows (audit spec, "Actions"): changing or closing the
#: plan before it ends may cost a penalty (违约金). 轻合约 holds 合约.
CONTRACT_WORDS = ("合约", "合约期", "承诺在网", "协议期")
#: An end date written in a bill item's name (新入网优惠（截至2026年9月30日）, 优惠期至
#: 2026-09-30, 2026年9月30日止): the words before it, and after it, that make it the day
#: an offer ends (:mod:`auditor.end_dates`, the one parser). A date with neither, nor a
#: range's dash before it, may be a start (2026年7月1日起): no end.
END_BEFORE_WORDS = ("截至", "截止", "至", "到", "止于")
END_AFTER_WORDS = ("止", "到期", "截止", "结束", "失效")
#: What joins a range's first day to its last (限时优惠(2026.7.1-2026.9.30)).
RANGE_WORDS = ("至", "到", "~", "～", "-", "—", "–", "－")
#: A credit that gives a charge back (audit spec, ``duplicate-charge``): a duplicate
#: offset by one of these of the same amount, in the same month, is not a finding.
REFUND_WORDS = ("退费", "返还", "调账", "退还", "冲正")
#: What a refund's name may say besides those and still name no service (费用退还,
#: 业务退费, 话费调账): one of the bill's charges of its amount is the one it gives back.
REFUND_GENERIC_WORDS = ("费用", "话费", "业务", "账务", "款项", "费", "款")
#: Why a refund was given, as its name may say it (调账（重复收费）, 多收退还): a reason
#: names no service either.
REFUND_REASON_WORDS = (
    "重复收费",
    "重复扣费",
    "重复扣款",
    "重复",
    "多收",
    "多扣",
    "误收",
    "误扣",
    "错收",
    "错扣",
    "收费",
    "扣费",
    "扣款",
)
#: Items billed per use, not per month (点播 a film, 点数 for a game, an SP's per-message
#: 信息费): a month at 0.00 before one charged is no trial, only a month without use.
PER_USE_WORDS = ("点数", "点播", "按次", "单次", "信息费")
#: Fees a shared bill lists once per member card (a family plan's 副卡功能费 for each
#: secondary card): the same name and amount twice is two cards, not a duplicate.
PER_MEMBER_WORDS = ("副卡", "副号", "成员", "亲情号")
#: A plan fee's name that says it is half a month's (上半月, 下半月, 半月租): plan fees can
#: be billed by the half-month (/work/shared/domain.md, "Billing rules worth encoding"),
#: and two such halves in one month are the month's fee, not a duplicate.
HALF_MONTH_WORDS = ("半月",)
#: Items that follow usage though filed as fixed fees: the top-up to a minimum spend
#: (保底消费), and charges beyond the plan (超出, 套餐外). A change in them is not a price
#: change.
VARIABLE_FEE_WORDS = ("保底", "超出", "套餐外", "超额")
#: Words that make a voice, data or SMS name a package's fee rather than usage
#: (4G流量可选包, GPRS套餐费, 短信包月费): such a fee recurs at a price.
PACKAGE_WORDS = ("套餐", "包", "功能费", "月租", "月费", "月基本费")

# ------------------------------------------------------------------ bill SMS
# How carriers' bill reminders phrase their figures (the real samples in
# fixtures/realworld/ and the fixtures in fixtures/sms/, see auditor.readers.sms_bills).

#: The charges' total: a period word, 实际 or not, then a noun with or without an ending
#: (本期实际消费, 本月话费合计), a period word and an ending (本月合计), or a phrase.
SMS_TOTAL_PERIODS = ("本期", "本月")
SMS_CHARGE_NOUNS = ("消费", "话费", "费用")
SMS_TOTAL_NOUNS = (*SMS_CHARGE_NOUNS, "账单")
SMS_TOTAL_ENDINGS = ("合计", "总计")
SMS_TOTAL_PHRASES = ("账单合计", "账单总计", "费用合计", "话费合计", "消费合计")
#: What is payable once prepayments and discounts are deducted (实际应付, 本期应付金额).
SMS_PAYABLE_WORDS = ("应付", "实付", "应缴")
#: What introduces a reminder's fee items (主要费用项包括：…): 主要 means only the main ones.
SMS_ITEMS_WORDS = ("主要费用项包括", "费用项包括", "费用明细", "其中")
#: A bill notice names its bill's month or cycle, and no amount (账单信息, 计费周期).
SMS_NOTICE_WORDS = ("账单信息", "账单查询", "计费周期", "账单周期")
#: A message is about a bill when it says one of these.
SMS_BILL_WORDS = ("账单", "话费")


def any_of(words: tuple[str, ...]) -> str:
    """A pattern matching any of ``words`` as written, in their order: ``(?:本期|本月)``."""
    return "(?:" + "|".join(re.escape(word) for word in words) + ")"
