"""The Chinese of every ``auditor`` command's and option's help, in one place.

A command's Chinese help is found by the first paragraph of its English help, an
option's by its English help: gettext's way (the English text is the key), so a table
entry needs no name of its own, and an option shared by several commands is translated
once. A help text changed in English without its entry here is shown in English (and
``tests/test_cli_lang.py`` fails, naming it). The examples of a help are kept as they are
(``\\b`` paragraphs: commands are typed the same in either language).
"""

from __future__ import annotations

import inspect

#: A command's Chinese help, by the first paragraph of its English help.
COMMANDS: dict[str, str] = {
    "Offline monthly phone-bill check for Chinese carriers.": """
        离线的每月话费检查，适用于国内各运营商。

        读取你从中国移动、联通、电信、广电或虚拟运营商导出的账单和已订业务，找出退订后仍在扣的费、
        你不认识的增值业务、下月生效的变化、对不上的账单、重复收费、试用转付费、涨价，
        以及停机后仍在扣费的号码。所有数据都不离开你的电脑。

        它记住每个月（数据文件夹里的历史记录，--db 可换一个）以及你对每项发现做了什么，
        一直跟到问题解决。

        \b
        例子：每月的例行检查
          auditor audit ~/bills/2026-11
          auditor record cancel --line 13900001111 --service 咪咕视频会员 --ticket 202611081234
          auditor audit ~/bills/2026-12    # 下个月：新发现、未解决、已解决
          auditor known add 腾讯视频会员     # 你想要的业务：不再提示
          auditor history
          auditor rules --doc
    """,
    "Audit bills and service lists in INPUT files and folders (folders are walked).": """
        检查 INPUT 文件和文件夹中的账单和已订业务（会遍历文件夹）。

        写出一份 Excel 报告（摘要、按业务、处理步骤、跟进、发现、按月发现、按机主、趋势、
        费用明细、已订业务、输入文件、未读行），可选地把发现写成 JSON，并打印一段简短摘要。
        号码在所有输出中都会打码（138****1234），除非加 --no-mask。

        \b
        例子：
          auditor audit bills/
          auditor audit bills/ --known auditor.toml --as-of 2026-11-05 -o reports/nov.xlsx
          auditor audit 账单.xlsx 已订业务.csv --json findings.json
          auditor audit bills/ --json - --quiet | jq '.findings[].rule'
          auditor audit scan.pdf --password 123456 --line 13800001234 --period 2026-10
          auditor audit bills/ --fail-on high    # 有高严重度发现时退出码为 1
          auditor audit bills/ -q --fail-on high --fail-on-not-checked   # 定时任务

        \b
        退出码：0 检查完成；1 符合 --fail-on；2 用法错误或没有可读的文件；
        3 检查不完整：有输入文件读不了（报告照样写出，并列出它们），或加了
        --fail-on-not-checked 时有号码未核对（本月账单没有给出）；3 优先于 1；
        75 历史记录正被占用：另一个审计占用它超过 60 秒（稍后再运行；什么都没写）；
        130 被 Ctrl-C（SIGINT）中断，143 被 SIGTERM 中断（不会留下写了一半的文件）。
        读取输出的一方提前不读了（| head -1）也不改变退出码：没读的部分就丢掉，
        报告、JSON 文件和历史记录照样完整写出。
    """,
    "List the audit rules: id, severity, name and what each one finds.": """
        列出检查规则：编号、严重程度、名称，以及每条规则查什么。

        \b
        例子：
          auditor rules
          auditor rules --doc
    """,
    "Record what you did about a line: a cancellation, a complaint, an appeal, a refund, "
    "a settlement without one.": """
        记录你对某个号码做了什么：退订、投诉、申诉、退款，或不再追回（和解、放弃）。

        从下一次检查起生效：退订从当天算起（当月仍要付：次月生效），之后再扣的费就是
        “退订后仍扣费”，并引用你的记录和工单号；投诉会把向工信部申诉的时间
        推到投诉后 15 天，并写明工单号；申诉之后，下一步是等申诉中心答复；
        退款会抵扣这项业务在该号码上被扣的钱。

        \b
        例子：
          auditor record cancel --line 13900001111 --service 咪咕视频会员 \\
              --on 2026-10-08 --channel 短信 --ticket 202610081234
          auditor record complaint --line 13900001111 --service 咪咕视频会员 \\
              --on 2026-12-06 --channel 热线 --ticket 202612060042
          auditor record refund --line 13900001111 --service 咪咕视频会员 \\
              --on 2026-12-20 --amount 15.00
          auditor record settle --line 13900001111 --service 咪咕视频会员 \\
              --on 2026-12-20 --note "送 10GB 流量"
          auditor record no-bill --line 13900001111 --month 2026-03
          auditor record undo 3
          auditor record --from reports/audit-2026-11-05.xlsx

        加 --from 时，报告的处理步骤表中你填了状态（退订；销户；投诉；申诉；退款 15.00；
        和解，得到补偿的可写 和解 10.00，得到什么可接着写：和解 10.00 话费补偿、和解 送10GB流量；
        一行涉及几个号码时 10.00 按号码平分到分，零头记在前面的号码上）、
        日期和工单号（可不填）的每一行，都会为该业务涉及的每个号码记录一次；只对其中几个号码
        做的，在这一行的“号码”一栏只留下这几个号码（照报告的样子写，如 139****0011，或写全号），
        就只记录它们；这一栏列出 10 个号码再写“… 另有 2 个”的，原样不动就是全部号码，改过又
        留着“… 另有 2 个”的不予记录：请删去它，写明每一个号码。销户是关闭一个号码：写在涉及
        几个号码的行里时，要等“号码”一栏写明是哪个号码才记录。该行的“方式”在该步骤本身是
        这样做的办法时一并记下（退款不记方式）。以前记过的行不会重复记录，已删除（record undo）
        的记录也不会因原来那份报告重新记录（以后的报告里再填同样的一行，会另行记录，并说明与
        已删除的那条相同）。看不懂的行会在标准错误中列出，退出码为 3；退款（单独或连同此前已记
        的退款）多于这项业务历来扣费的行也一样（照样记录：表格里没法加 --yes）；与此前某条退款
        记录同一天、同一业务、同一金额的行像是记重了，不予记录，也一样。
    """,
    "Record that you cancelled a service (退订): the date, how, the ticket (工单号).": """
        记录你退订了一项业务：日期、方式、工单号。

        从下一次检查起，它算作当天的退订，即使运营商的已订业务里已经不再列出这项业务；
        之后再扣的费就是“退订后仍扣费”，并引用这条记录。该号码有几项业务用同一个名称收费时
        （例如两项 SP 业务都叫「信息费」），这个名称说不清退订的是哪一项：不予记录，并列出
        它们的发现编号，请用 --finding 记录（或用已订业务里的名称，如「手机报」）。投诉、
        申诉也是这样。

        \b
        例子：
          auditor record cancel --line 13900001111 --service 咪咕视频会员 \\
              --on 2026-10-08 --channel 短信 --ticket 202610081234
          auditor record cancel --line 13900001111 --service 视频彩铃订阅-酷电秀专属6元包 \\
              --channel App
    """,
    "Record a complaint you made (投诉): the date, the line called, the ticket.": """
        记录你的一次投诉：日期、拨打的号码、工单号。

        之后向工信部申诉从投诉后 15 天起可办理，申诉步骤会写明工单号。

        \b
        例子：
          auditor record complaint --line 13900001111 --service 咪咕视频会员 \\
              --on 2026-12-06 --channel 热线 --ticket 202612060042
          auditor record complaint --finding F3a9c0d1e2b4f --on 2026-12-06
    """,
    "Record an appeal you made to the MIIT appeal centre (申诉): the date, the ticket.": """
        记录你向工信部电信用户申诉受理中心的一次申诉：日期、工单号。

        之后的下一步是等申诉中心答复：5 个工作日内告知是否受理，受理后 30 天内处理完毕；
        到期没有消息，致电申诉中心查询并报上申诉工单号；不必再次申诉。

        \b
        例子：
          auditor record appeal --line 13900001111 --service 咪咕视频会员 \\
              --on 2026-11-10 --ticket SS2026111000123
    """,
    "Record money refunded to you (退款), set against the money it covers.": """
        记录退给你的钱，抵扣它所对应的金额。

        一项业务的退款按这项业务在该号码上各发现所追讨的月份（仍未解决的发现和待退款的都算）
        从最早的开始抵扣（--finding 用其中一项发现指明这项业务；整张账单的发现只抵扣它自己的
        月份）；抵扣的钱不会超过被扣的钱。该号码有几项业务用同一个名称收费时（例如两项 SP
        业务都叫「信息费」），这个名称说不清退的是哪一项：不予记录，并列出它们的发现编号，
        请用 --finding 记录。退款多于历史记录里这项业务在该号码上扣过的全部费用时（把 15.00
        写成了 1500）也不予记录；与此前某条退款记录同一天、同一业务、同一金额（记重了）也
        不予记录；除非加 --yes（例如另加了赔偿、确实退了两次）。连同此前已记的退款合计多于
        扣过的费用时照样记录，并说明此前已退多少。

        \b
        例子：
          auditor record refund --line 13900001111 --service 咪咕视频会员 \\
              --on 2026-12-20 --amount 15.00 --ticket 202612060042
    """,
    "Record that you closed a finding or a refund due without a refund (和解 / 放弃): you "
    "gave up asking, or the carrier settled it some other way (话费补偿, 送流量, 积分).": """
        记录你不再要求退还某项发现或待退款（和解 / 放弃）：你不想再追了，或者运营商用别的
        方式补偿了你（话费补偿、送流量、积分）。

        这项业务在该号码上到 --on 所在月份为止扣取、尚未退还的钱不再追回：这项发现（或待退款）
        不再给出处理步骤，显示为已和解而解决，它的钱列为“已了结（未退款）”，并写明得到了什么
        （--note；是钱的加 --amount，只作记录，不算退款）。之后月份再扣费，会作为新的问题报告；
        不涉及退款的发现（资费上涨、停机仍扣费）则是被你接受了：以后照旧出现时仍是已和解，
        有了变化（又涨价）才再报告。用 auditor record undo 可以撤销。

        \b
        例子：
          auditor record settle --line 13900001111 --service 咪咕视频会员 \\
              --on 2026-12-20 --note "送 10GB 流量"
          auditor record settle --finding F3a9c0d1e2b4f --on 2026-12-20 --amount 10.00 \\
              --note 话费补偿
          auditor record settle --line 13900001111 --service 手机报 --note 放弃
    """,
    "Record that a month's bill of a line will not come (缺账单), to stop asking for it.": """
        记下某个号码某个月的账单不会再有（缺账单），不再催你提供。

        一个月的账单从没提供过，之后每份报告（汇总、跟进、JSON）都会提到它，auditor history
        也把它显示为缺月，直到提供这个月的账单为止。如果这份账单再也拿不到了（运营商网上营业厅
        只保留约 6 个月的账单、号码已销户、导出的文件丢了），就把它记下来：从下一次检查起，
        该号码的这个月不再说缺账单，auditor history 显示为“无账单，某日记录”。以后如果还是
        提供了这个月的账单，照常核对（这条记录随之不再起作用，auditor history 会注明）；
        auditor record undo 删除记录后又会提醒缺这个月。--on 写记录的日期（默认今天），与其他
        记录一样：检查日期（--as-of）早于这一天的检查，照旧提醒缺这个月，和当时一样。晚于本月的
        月份、历史记录里没有的号码、历史记录里已有账单的月份，都不予记录。

        \b
        例子：
          auditor record no-bill --line 13900001111 --month 2026-03
          auditor record no-bill --line 13900001111 --month 2026-04 --note "营业厅查不到了"
          auditor record no-bill --line 13900001111 --month 2026-05 --on 2026-09-20
    """,
    "Remove record ID (the number `auditor records` shows).": """
        删除编号为 ID 的记录（auditor records 显示的编号）。

        从下一次检查起它不再算数。填在报告处理步骤表里的记录，record --from 再次读取
        这份报告时不会重新记录；以后的报告里再填同样的一行（扣费又出现，你又做了一次），
        会重新记录。

        \b
        例子：
          auditor record undo 3
    """,
    "List your records (cancellations, complaints, appeals, refunds), oldest first.": """
        列出你的记录（退订、投诉、申诉、退款），最早的在前。

        \b
        例子：
          auditor records
          auditor records --line 13900001111 --json -
    """,
    "Show each line's months as the history holds them: billed, stated, whether the bill "
    "adds up, the findings open and resolved, and your records.": """
        按历史记录显示每个号码的各个月份：账单金额、账单合计、是否相符、未解决和已解决的
        发现，以及你的记录。

        每个号码下列出：未解决的发现（什么问题、哪项业务、多少钱），到今天仍待退还的钱
        （按检查报告「跟进」表的算法，之后记下的退款也已扣除），以及你的记录。
        --line 只看这个号码（可重复给出多个）；--owner 只看设置里某个所有人或分组（部门）
        的号码，最后给出它们的合计。

        \b
        例子：
          auditor history
          auditor history --line 13900001111 --line 18600005678
          auditor history --owner 销售部
          auditor history --json - | jq '.lines[].months'
    """,
    "Remove a line and everything about it from the history: its bills, service lists, "
    "findings and your records. Files given again are stored again.": """
        从历史记录中删除一个号码及其全部内容：账单、已订业务、发现和你的记录。
        再次给出的文件会重新保存。

        \b
        例子：
          auditor forget --line 13900001111
    """,
    "The services you know and want: an unknown-vas finding is not raised for them.": """
        你知道并且想要的业务：不会再为它们提示“未知增值业务”。

        \b
        例子：
          auditor known add 腾讯视频会员
          auditor known add 沃音乐会员 --line 18600005678 --known ~/bills/auditor.toml
          auditor known remove 咪咕视频会员
          auditor known list
    """,
    "Add NAME (as the bill writes it) to the known services.": """
        把 NAME（按账单上的写法）加入已知业务。

        历史记录里（给了 --line 时，该号码的）账单和已订业务都没有写到的名称照样加入，
        但会提示，并列出它可能是哪些业务的笔误。

        当前文件夹、上层文件夹都没有设置文件，上次检查也没用过时，在这里新建一个，并说明；
        但下层文件夹（账单所在处）已有设置文件时不新建，而是给出它，请用 --known 指定。

        \b
        例子：
          auditor known add 腾讯视频会员
          auditor known add 沃音乐会员 --line 18600005678
    """,
    "Remove NAME from the known services (every spelling of it).": """
        从已知业务中删除 NAME（它的各种写法都删）。

        \b
        例子：
          auditor known remove 咪咕视频会员
          auditor known remove 沃音乐会员 --line 18600005678
    """,
    "List the known services, those known on one line alone last.": """
        列出已知业务，只对某个号码有效的排在最后。

        \b
        例子：
          auditor known list
          auditor known list --known ~/bills/auditor.toml
    """,
}

#: An option's Chinese help, by its English help.
OPTIONS: dict[str, str] = {
    # click's own options
    "Show the version and exit.": "显示版本号并退出。",
    "Show this message and exit.": "显示本帮助并退出。",
    # every command
    "Language of the report, the messages and this help [default: AUDITOR_LANG, else "
    "Chinese for a zh_* locale, else English].": "报告、提示和本帮助的语言"
    "［默认：AUDITOR_LANG，否则 zh_* 区域设置用中文，其他用英文］。",
    "History database, in a folder that exists (a mistyped one is refused) "
    "[default: history.sqlite in your data folder].": (
        "历史记录数据库，所在文件夹须已存在（写错的文件夹会被拒绝）"
        "［默认：数据文件夹中的 history.sqlite］。"
    ),
    "Show phone numbers in full.": "显示完整号码（不打码）。",
    "Make the --db history if it does not exist yet (a record is otherwise refused "
    "there: a mistyped --db). The default history is made when needed.": (
        "--db 给出的历史记录不存在时新建一个（否则不记录：可能是 --db 写错了）。"
        "默认的历史记录需要时自动新建。"
    ),
    "Also write what was recorded as JSON, as `auditor records --json` lists it, to "
    "FILE ('-': stdout, the sentence then going to stderr).": (
        "同时把记下的内容以 JSON 写到 FILE，格式与 `auditor records --json` 相同"
        "（'-' 表示标准输出，这时说明文字改到标准错误）。"
    ),
    # audit
    "Excel report to write [default: reports/audit-<as-of>.xlsx].": (
        "要写出的 Excel 报告［默认：reports/audit-<检查日期>.xlsx］。"
    ),
    "Also write the findings as JSON to FILE ('-' for stdout).": (
        "同时把发现以 JSON 写到 FILE（'-' 表示标准输出）。"
    ),
    "Settings TOML: known_services, line owners and carriers [default: the auditor.toml "
    "nearest the inputs: in an input's folder or above, else here or above].": "设置文件"
    "（TOML）：已知业务、号码机主和运营商［默认：离输入文件最近的 auditor.toml，在输入文件"
    "所在文件夹或其上层；否则在当前文件夹或其上层］。",
    "Settings TOML: known services, line owners and carriers [default: auditor.toml "
    "here or above, else the one the last audit used].": "设置文件（TOML）：已知业务、"
    "号码机主和运营商［默认：当前或上层文件夹的 auditor.toml，否则上次检查用的］。",
    "Audit date: escalation dates count from it [default: today].": (
        "检查日期：升级处理的日期从它算起［默认：今天］。"
    ),
    "Exit 1 when a finding is at or above this severity.": (
        "有发现达到或高于该严重程度时，退出码为 1。"
    ),
    "Exit 3, as for an unreadable input, when a line expected (named in the "
    "settings, followed by the history) was not checked: its bill of the month not "
    "given (an export forgotten) or not read.": (
        "有应检查的号码（设置里列出的、历史记录在跟进的）未核对时，退出码为 3（与有文件读不了"
        "相同）：它本月的账单没有给出（忘了导出）或没能读取。"
    ),
    "Show phone numbers in full in every output.": "在所有输出中显示完整号码（不打码）。",
    "Treat every input as this kind of document.": "把所有输入文件都当作这类文件。",
    "Carrier of every input (over a line's carrier in the settings).": (
        "所有输入文件的运营商（优先于设置中号码的 carrier）。"
    ),
    "Phone line of every input (11 digits), for one line's files.": (
        "所有输入文件的号码（11 位），用于同一个号码的文件。"
    ),
    "Billing month of every input.": "所有输入文件的账期。",
    "Unit of whole-number amounts when the file cannot tell (portal JSON, a table "
    "whose amount column names no unit).": (
        "整数金额的单位（文件本身看不出时）：网上营业厅 JSON，以及金额列没有写单位的表格。"
    ),
    "Password for protected PDFs; repeat to try several.": (
        "加密 PDF 的密码；可重复给出以尝试多个。"
    ),
    "Largest input file read.": "读取的输入文件最大大小。",
    "Largest unpacked size of an XLSX file.": "XLSX 文件解压后的最大大小。",
    "Most pages read from a PDF.": "每个 PDF 最多读取的页数。",
    "Most cells in one file: XLSX XML elements (every part), CSV fields, HTML elements, "
    "JSON values, lines of text.": "单个文件最多的单元数：XLSX 的 XML 元素（所有部分）、"
    "CSV 字段、HTML 元素、JSON 值、文本行。",
    "Most sheets read from a workbook.": "每个工作簿最多读取的工作表数。",
    "Most memory reading one PDF may take (what its compressed streams unpack to).": (
        "读取一个 PDF 最多可用的内存（其压缩流解压后的大小）。"
    ),
    "Most CPU seconds reading one PDF may take.": "读取一个 PDF 最多可用的 CPU 秒数。",
    "Most characters in one SMS.": "一条短信最多的字符数。",
    "Most characters in one cell or JSON string.": "一个单元格或 JSON 字符串最多的字符数。",
    "Deepest a JSON may nest.": "JSON 最多的嵌套层数。",
    "Most parts in an e-mail or web archive.": "一封邮件或网页存档最多的部分数。",
    "Most pixels in one picture (checked before it is decoded).": (
        "一张图片最多的像素数（解码前检查）。"
    ),
    "Most memory OCR may take for one picture or scanned PDF.": (
        "OCR 识别一张图片或扫描 PDF 最多可用的内存。"
    ),
    "Most CPU seconds OCR may take for one picture or scanned page.": (
        "OCR 识别一张图片或一页扫描件最多可用的 CPU 秒数。"
    ),
    "Least OCR confidence for a figure to be used as a number; under it, its row is "
    "unread.": "OCR 识别出的数字可用的最低置信度；低于它，该行不读取。",
    "Neither read nor write a history: this audit alone.": "不读也不写历史记录：只做这一次检查。",
    "Read the inputs in N processes [default: the machine's cores].": (
        "用 N 个进程读取输入文件［默认：本机的核数］。"
    ),
    "Print no summary (errors still go out).": "不打印摘要（错误照常输出）。",
    "Say what is read and why; tracebacks for failures.": (
        "说明读了什么、为什么；出错时显示调用栈。"
    ),
    # rules
    "Print each rule's documentation too.": "同时打印每条规则的说明。",
    # record
    "Record what you typed into a report's Actions sheet (Status, Ticket, Date).": (
        "记录你在报告处理步骤表中填写的内容（状态、工单号、日期）。"
    ),
    "The phone line (11 digits); with --finding it may be left out (the finding's own line).": (
        "号码（11 位）；给了 --finding 时可不填，自动取该发现所属的号码。"
    ),
    "The service, as the bill or the service list names it.": (
        "业务名称，按账单或已订业务上的写法。"
    ),
    "A finding's id (from the report), instead of --service: for a bill's finding.": (
        "发现的编号（见报告），代替 --service：用于整张账单的发现。"
    ),
    "When you did it (YYYY-MM-DD) [default: today].": "办理日期（YYYY-MM-DD）［默认：今天］。",
    "When you found it will not come (YYYY-MM-DD) [default: today]: an audit dated before "
    "it (--as-of) still asks for the month.": "得知账单不会再有的日期（YYYY-MM-DD）［默认：今天］："
    "检查日期（--as-of）早于这一天的检查仍会提醒缺这个月。",
    "The ticket number (工单号).": "工单号。",
    "How: 短信 SMS, App, 热线 hotline, 营业厅 shop, 网站 web, the number called …": (
        "办理方式：短信、App、热线、营业厅、网站、拨打的号码 …"
    ),
    "The line itself was closed (销户): its bills stop coming.": (
        "号码本身已销户：不会再有它的账单。"
    ),
    "Anything else worth keeping.": "其他值得记下的内容。",
    "The phone line (11 digits) whose bill will not come.": "账单不会再有的号码（11 位）。",
    "The month whose bill will not come (not after this month).": (
        "账单不会再有的月份（不晚于本月）。"
    ),
    "The money refunded, in yuan (6.00).": "退回的金额，单位为元（6.00）。",
    "Compensation given instead of a refund, in yuan (话费补偿 10.00), if money: kept and "
    "shown, never counted as a refund.": "代替退款得到的补偿金额，单位为元（话费补偿 10.00），"
    "是钱时填写：只作记录和显示，不算退款。",
    "Record it even if it is more than the history ever saw charged for its service on "
    "the line (refused otherwise: 1500 typed for 15.00), or looks like a refund recorded "
    "before (same day, service and amount).": (
        "即使多于历史记录里这项业务在该号码上扣过的全部费用（否则不予记录：把 15.00 写成了 1500），"
        "或与此前某条退款记录同一天、同一业务、同一金额，也照样记录。"
    ),
    # records, history, forget
    "Only this line (again for more).": "只看这个号码（可重复给出多个）。",
    "Write it as JSON to FILE ('-' for stdout) instead of a table.": (
        "以 JSON 写到 FILE（'-' 表示标准输出），而不是打印表格。"
    ),
    "The line to forget.": "要删除的号码。",
    "Only the lines of this owner or group in the settings (again for more).": (
        "只看设置里这个所有人或分组的号码（可重复给出多个）。"
    ),
    "Do not ask first.": "不先确认。",
    # known
    "Known on this line alone (listed under its table); else on every line.": (
        "只对这个号码有效（列在它的表下）；不给则对所有号码有效。"
    ),
    "The settings file to add it to (made when missing). Default: auditor.toml here or "
    "above, else the one the last audit used.": (
        "要加入的设置文件（不存在时新建）。默认：当前或上层文件夹的 auditor.toml，"
        "否则上次检查用的。"
    ),
    "Remove it from this line's table only (else from every table).": (
        "只从这个号码的表中删除（不给则从所有表中删除）。"
    ),
    "The settings file to remove it from. Default: auditor.toml here or above, else the "
    "one the last audit used.": (
        "要从中删除的设置文件。默认：当前或上层文件夹的 auditor.toml，否则上次检查用的。"
    ),
    "The settings file to list. Default: auditor.toml here or above, else the one the "
    "last audit used.": (
        "要列出的设置文件。默认：当前或上层文件夹的 auditor.toml，否则上次检查用的。"
    ),
}


def first_paragraph(help_text: str | None) -> str:
    """The first paragraph of a help text, on one line: its key in :data:`COMMANDS`."""
    text = inspect.cleandoc(help_text or "").partition("\f")[0]
    return " ".join(text.split("\n\n")[0].split())


def command_help(help_text: str | None) -> str | None:
    """The Chinese help of the command whose English help is ``help_text`` (None when
    there is none)."""
    text = COMMANDS.get(first_paragraph(help_text))
    return inspect.cleandoc(text) if text else None


def first_sentence(text: str) -> str:
    """A help's first sentence, for a group's list of commands: up to the first ``。``."""
    head = text.split("\n\n")[0].replace("\n", "")
    return head.split("。")[0]


def option_record(english: str | None, record: tuple[str, str]) -> tuple[str, str]:
    """An option's line of help in Chinese: its Chinese help, then what click adds
    (``[default: 20; x>=1]``) with click's words in Chinese (``［默认：20；x>=1］``)."""
    names, text = record
    chinese = OPTIONS.get(english or "")
    if chinese is None:
        return record
    extra = text[len(english) :].strip() if english and text.startswith(english) else ""
    if extra.startswith("[") and extra.endswith("]"):
        said = extra[1:-1].replace("default: ", "默认：").replace("required", "必填")
        chinese += f"［{said.replace('; ', '；')}］"
    return names, chinese


#: click's words in a usage line, in Chinese (an argument's name is kept: the help
#: names it).
USAGE = {
    "[OPTIONS]": "[选项]",
    "COMMAND [ARGS]...": "命令 [参数]...",
    "[COMMAND] [ARGS]...": "[命令] [参数]...",
}
