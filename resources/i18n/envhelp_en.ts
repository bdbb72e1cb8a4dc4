<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem_actions.py" line="94"/>
        <source>{enterprise}：{description}</source>
        <translation>{enterprise}: {description}</translation>
    </message>
</context>
<context>
    <name>CloseDialog</name>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem_actions.py" line="206"/>
        <location filename="../../work/main/envhelp/gui/dialogs/problem_actions.py" line="215"/>
        <source>（请选择）</source>
        <translation>(choose)</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem_actions.py" line="224"/>
        <source>（不关联走访）</source>
        <translation>(no visit)</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem_actions.py" line="236"/>
        <source>以回头看方式销号时，须选择本企业的复核走访。</source>
        <translation>Closing by a follow-up visit needs that visit to this enterprise.</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem_actions.py" line="243"/>
        <source>添加照片…</source>
        <translation>Add photos…</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem_actions.py" line="246"/>
        <source>移除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem_actions.py" line="274"/>
        <source>选择佐证照片</source>
        <translation>Choose evidence photos</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem_actions.py" line="276"/>
        <source>图片 (*.jpg *.jpeg *.png *.bmp *.gif *.webp);;所有文件 (*)</source>
        <translation>Images (*.jpg *.jpeg *.png *.bmp *.gif *.webp);;All files (*)</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/dashboard.py" line="142"/>
        <source>走访次数</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/dashboard.py" line="143"/>
        <source>走访企业（家）</source>
        <translation>Enterprises visited</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/dashboard.py" line="144"/>
        <source>发现问题</source>
        <translation>Problems found</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/dashboard.py" line="145"/>
        <source>销号问题</source>
        <translation>Problems closed</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/dashboard.py" line="155"/>
        <source>问题台账与企业</source>
        <translation>Ledger and enterprises</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/dashboard.py" line="158"/>
        <source>逾期未整改</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/dashboard.py" line="159"/>
        <source>7 天内到期</source>
        <translation>Due within 7 days</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/dashboard.py" line="160"/>
        <source>未销号问题</source>
        <translation>Open problems</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/dashboard.py" line="161"/>
        <source>在册企业</source>
        <translation>Enterprises on record</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/dashboard.py" line="167"/>
        <source>走访计划建议（按需要程度排序）</source>
        <translation>Suggested visits (most needed first)</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/dashboard.py" line="171"/>
        <source>企业</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/dashboard.py" line="171"/>
        <source>镇街</source>
        <translation>Town</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/dashboard.py" line="171"/>
        <source>上次走访</source>
        <translation>Last visit</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/dashboard.py" line="171"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/dashboard.py" line="188"/>
        <source>双击或回车打开企业。评分：每个逾期问题 {o} 分，每个未整改重大问题 {m} 分，距上次定稿走访每月 {p} 分（最多 {c} 个月，从未走访按 {c} 个月计），危废产生单位 {h} 分。</source>
        <translation>Double-click or press Enter to open the enterprise. Score: {o} per overdue problem, {m} per major problem not yet fixed, {p} per month since the last final visit (at most {c} months; never visited counts as {c}), {h} for a hazardous-waste producer.</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/dashboard.py" line="209"/>
        <source>仪表盘</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/dashboard.py" line="243"/>
        <source>截至 {day}</source>
        <translation>As of {day}</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/dashboard.py" line="245"/>
        <source>本月（{y} 年 {m} 月）</source>
        <translation>This month ({y}-{m:02d})</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/dashboard.py" line="247"/>
        <source>本年（{y} 年）</source>
        <translation>This year ({y})</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/dashboard.py" line="254"/>
        <source>从未走访</source>
        <translation>Never visited</translation>
    </message>
</context>
<context>
    <name>EnterpriseDialog</name>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise.py" line="57" />
        <source>编辑企业</source>
        <translation>Edit enterprise</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise.py" line="57" />
        <source>新建企业</source>
        <translation>New enterprise</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise.py" line="71" />
        <source>18 位，例如 91350100M000100Y43</source>
        <translation>18 characters, e.g. 91350100M000100Y43</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise.py" line="73" />
        <source>22 位，例如 91130200699229617X001P</source>
        <translation>22 characters, e.g. 91130200699229617X001P</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise.py" line="74" />
        <source>多个号码用逗号分隔</source>
        <translation>Separate several numbers with commas</translation>
    </message>
</context>
<context>
    <name>EnterprisesPage</name>
    <message>
        <location filename="../../envhelp/gui/pages/enterprises.py" line="35" />
        <source>搜索：企业名称、统一社会信用代码或拼音首字母（如 qdjr）</source>
        <translation>Search: name, credit code or pinyin initials (e.g. qdjr)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/enterprises.py" line="45" />
        <source>新建企业</source>
        <translation>New enterprise</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/enterprises.py" line="47" />
        <source>新建企业（Ctrl+N）</source>
        <translation>New enterprise (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/enterprises.py" line="49" />
        <source>编辑</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/enterprises.py" line="80" />
        <source>企业</source>
        <translation>Enterprises</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/enterprises.py" line="98" />
        <source>共 {n} 家</source>
        <translation>{n} in total</translation>
    </message>
</context>
<context>
    <name>ErrorHandling</name>
    <message>
        <location filename="../../envhelp/gui/errors.py" line="46" />
        <source>无法完成操作</source>
        <translation>Could not complete the action</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/errors.py" line="53" />
        <source>内部错误</source>
        <translation>Internal error</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/errors.py" line="54" />
        <source>程序遇到了意外错误，已保存的数据不受影响。详细信息已写入日志：</source>
        <translation>EnvHelp hit an unexpected error; data saved earlier is not affected. Details were written to the log:</translation>
    </message>
</context>
<context>
    <name>ExtendDialog</name>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem_actions.py" line="310"/>
        <source>指定新日期</source>
        <translation>New date</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem_actions.py" line="312"/>
        <source>顺延天数</source>
        <translation>Extend by</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem_actions.py" line="322"/>
        <source>个工作日</source>
        <translation>working days</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem_actions.py" line="323"/>
        <source>个自然日</source>
        <translation>calendar days</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem_actions.py" line="333"/>
        <source>（自原期限 {day} 起算）</source>
        <translation>(counted from the current deadline {day})</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem_actions.py" line="390"/>
        <source>新整改期限：{day}</source>
        <translation>New deadline: {day}</translation>
    </message>
</context>
<context>
    <name>LedgerTableModel</name>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="139"/>
        <source>逾期 {n} 天</source>
        <translation>{n} d overdue</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="141"/>
        <source>迟 {n} 天销号</source>
        <translation>closed {n} d late</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="59" />
        <source>EnvHelp 执法帮扶 — {name}</source>
        <translation>EnvHelp enforcement assistance — {name}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="88" />
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="89" />
        <source>设置(&amp;S)…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="92" />
        <source>退出(&amp;Q)</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="95" />
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="96" />
        <source>新建(&amp;N)</source>
        <translation>&amp;New</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="98" />
        <source>查找(&amp;F)</source>
        <translation>&amp;Find</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="101" />
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="108" />
        <source>刷新(&amp;R)</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="111" />
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="112" />
        <source>关于 EnvHelp(&amp;A)</source>
        <translation>&amp;About EnvHelp</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="124" />
        <source>数据库：{path}</source>
        <translation>Database: {path}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="136" />
        <source>当前执法人员：{name}</source>
        <translation>Current officer: {name}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="138" />
        <source>当前执法人员：未选择（文件 → 设置）</source>
        <translation>Current officer: none (File → Settings)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="190" />
        <source>关于 EnvHelp</source>
        <translation>About EnvHelp</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="191" />
        <source>EnvHelp {version}
生态环境执法帮扶案件管理工具。</source>
        <translation>EnvHelp {version}
Case management for environmental enforcement assistance visits.</translation>
    </message>
</context>
<context>
    <name>OptionalDateEdit</name>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="192"/>
        <source>不限</source>
        <translation>Any</translation>
    </message>
</context>
<context>
    <name>ProblemDialog</name>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem.py" line="106"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem.py" line="111"/>
        <source>整改方案</source>
        <translation>Rectification plan</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem.py" line="112"/>
        <source>销号 / 撤销</source>
        <translation>Closed / cancelled</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem.py" line="123"/>
        <source>反弹：</source>
        <translation>Relapse:</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem.py" line="130"/>
        <location filename="../../work/main/envhelp/gui/dialogs/problem.py" line="352"/>
        <source>问题内容</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem.py" line="162"/>
        <source>保存修改</source>
        <translation>Save changes</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem.py" line="173"/>
        <source>处理记录</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem.py" line="232"/>
        <source>问题 — {name}</source>
        <translation>Problem — {name}</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem.py" line="250"/>
        <source>{plan}（承诺 {day} 前完成）</source>
        <translation>{plan} (promised by {day})</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem.py" line="269"/>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem.py" line="278"/>
        <source>（无，{handling}）</source>
        <translation>(none, {handling})</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem.py" line="285"/>
        <source>{day}（逾期 {n} 天后销号）</source>
        <translation>{day} (closed {n} days late)</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem.py" line="289"/>
        <source>{day}（已逾期 {n} 天）</source>
        <translation>{day} ({n} days overdue)</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem.py" line="291"/>
        <source>{day}（今天到期）</source>
        <translation>{day} (due today)</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem.py" line="292"/>
        <source>{day}（还剩 {n} 天）</source>
        <translation>{day} ({n} days left)</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem.py" line="298"/>
        <source>{day} 由 {officer} 核查，{method}：{note}</source>
        <translation>{day}, verified by {officer}, {method}: {note}</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem.py" line="305"/>
        <source>复核走访：{visit}</source>
        <translation>Verifying visit: {visit}</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem.py" line="310"/>
        <source>已撤销：{reason}</source>
        <translation>Cancelled: {reason}</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem.py" line="316"/>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem.py" line="323"/>
        <source>是：同一检查项曾于 {day} 销号（点击查看原问题）</source>
        <translation>Yes: the same checklist item was closed on {day} (click to see that problem)</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem.py" line="352"/>
        <source>问题内容（已销号或撤销的问题不能修改）</source>
        <translation>Problem (closed or cancelled problems cannot be edited)</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem.py" line="361"/>
        <source>期限 {old} → {new}：{why}</source>
        <translation>Deadline {old} → {new}: {why}</translation>
    </message>
</context>
<context>
    <name>ProblemsPage</name>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="237"/>
        <source>搜索企业名称、信用代码、拼音首字母或问题描述</source>
        <translation>Search enterprise name, credit code, pinyin initials or description</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="246"/>
        <source>全部状态</source>
        <translation>All states</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="247"/>
        <source>未销号（待整改+整改中）</source>
        <translation>Not closed (open + rectifying)</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="250"/>
        <source>不含已撤销</source>
        <translation>All but cancelled</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="251"/>
        <source>只看逾期</source>
        <translation>Overdue only</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="254"/>
        <source>全部镇街</source>
        <translation>All towns</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="255"/>
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="258"/>
        <source>全部程度</source>
        <translation>All severities</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="261"/>
        <source>全部执法人员</source>
        <translation>All officers</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="262"/>
        <source>发现问题那次走访的执法人员</source>
        <translation>Officers of the visit where the problem was found</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="277"/>
        <source>点击取消按企业筛选</source>
        <translation>Click to stop filtering by enterprise</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="280"/>
        <source>清除筛选</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="283"/>
        <source>查看/处理…</source>
        <translation>Open…</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="285"/>
        <source>打开选中的问题（Enter 或双击）</source>
        <translation>Open the selected problem (Enter or double-click)</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="287"/>
        <source>导出 Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="289"/>
        <source>按当前筛选条件导出问题台账</source>
        <translation>Export the ledger with the current filters</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="316"/>
        <source>发现日期</source>
        <translation>Found</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="321"/>
        <source>整改期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="329"/>
        <source>红色：已超过整改期限</source>
        <translation>Red: past the deadline</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="343"/>
        <source>问题台账</source>
        <translation>Problems</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="432"/>
        <source>企业：{name} ✕</source>
        <translation>Enterprise: {name} ✕</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="456"/>
        <source>共 {n} 条，逾期 {m} 条</source>
        <translation>{n} problems, {m} overdue</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="492"/>
        <source>问题台账_{day}.xlsx</source>
        <translation>problem-ledger_{day}.xlsx</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="496"/>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="516"/>
        <source>导出问题台账</source>
        <translation>Export problem ledger</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="496"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="517"/>
        <source>正在导出 {n} 条问题到 {name}…</source>
        <translation>Exporting {n} problems to {name}…</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="536"/>
        <source>导出完成</source>
        <translation>Export finished</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="537"/>
        <source>已导出 {n} 条问题：
{path}</source>
        <translation>Exported {n} problems:
{path}</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="538"/>
        <source>打开文件</source>
        <translation>Open file</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="539"/>
        <source>打开所在文件夹</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="540"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="555"/>
        <source>导出失败</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/pages/problems.py" line="561"/>
        <source>导出已取消，未生成文件。</source>
        <translation>Export cancelled; no file was written.</translation>
    </message>
</context>
<context>
    <name>ProblemTableModel</name>
    <message>
        <location filename="../../envhelp/gui/models.py" line="299" />
        <source>（已逾期）</source>
        <translation> (overdue)</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem_actions.py" line="411"/>
        <source>撤销仅用于登记错误的问题；撤销后不计入统计。</source>
        <translation>Cancel only problems recorded in error; cancelled problems are not counted.</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/dialogs/problem_actions.py" line="413"/>
        <source>重新打开后，原销号或撤销信息将清除（历史记录中仍保留）。</source>
        <translation>Reopening clears the close-out or cancellation (the history keeps it).</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="15" />
        <source>月度汇总表、走访记录 PDF 等报表将在这里生成。目前可使用命令行 envhelp 导出。</source>
        <translation>Monthly summaries, visit record PDFs and other reports will be made here. For now, use the envhelp command line to export them.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="19" />
        <source>报表</source>
        <translation>Reports</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../envhelp/gui/dialogs/settings.py" line="46" />
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/settings.py" line="49" />
        <source>当前执法人员</source>
        <translation>Current officer</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/settings.py" line="54" />
        <source>添加执法人员</source>
        <translation>Add an officer</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/settings.py" line="63" />
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/settings.py" line="74" />
        <source>界面语言</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/settings.py" line="100" />
        <source>（未选择）</source>
        <translation>(none)</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../envhelp/gui/app.py" line="85" />
        <source>此版本尚未包含演示数据生成器（envhelp.demo），已创建空数据库。</source>
        <translation>This version does not include the demo data generator (envhelp.demo) yet; an empty database was created.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/app.py" line="106" />
        <source>首次使用 EnvHelp</source>
        <translation>Welcome to EnvHelp</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/app.py" line="107" />
        <source>在以下位置还没有数据库：</source>
        <translation>There is no database at:</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/app.py" line="109" />
        <source>可以新建一个空数据库，或者新建并填入演示数据以便熟悉软件。</source>
        <translation>Create an empty database, or create one filled with demo data to get to know the app.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/app.py" line="114" />
        <source>新建空数据库</source>
        <translation>Create empty database</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/app.py" line="117" />
        <source>使用演示数据</source>
        <translation>Use demo data</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/app.py" line="119" />
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/app.py" line="149" />
        <source>演示数据</source>
        <translation>Demo data</translation>
    </message>
</context>
<context>
    <name>tasks</name>
    <message>
        <location filename="../../work/main/envhelp/gui/tasks.py" line="186"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../work/main/envhelp/gui/tasks.py" line="205"/>
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
</context>
<context>
    <name>VisitsPage</name>
    <message>
        <location filename="../../envhelp/gui/pages/visits.py" line="35" />
        <source>走访</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/visits.py" line="41" />
        <source>共 {n} 次走访</source>
        <translation>{n} visits</translation>
    </message>
</context>
</TS>
