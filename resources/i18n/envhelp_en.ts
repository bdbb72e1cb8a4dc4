<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="23" />
        <source>企业</source>
        <translation>Enterprises</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="24" />
        <source>走访记录</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="25" />
        <source>未销号问题</source>
        <translation>Open problems</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="26" />
        <source>逾期问题</source>
        <translation>Overdue problems</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="53" />
        <source>仪表盘</source>
        <translation>Dashboard</translation>
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
    <name>ProblemTableModel</name>
    <message>
        <location filename="../../envhelp/gui/models.py" line="299" />
        <source>（已逾期）</source>
        <translation> (overdue)</translation>
    </message>
</context>
<context>
    <name>ProblemsPage</name>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="23" />
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="27" />
        <source>只看逾期</source>
        <translation>Overdue only</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="42" />
        <source>状态：</source>
        <translation>Status:</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="47" />
        <source>红色底纹：已超过整改期限</source>
        <translation>Red rows: past the rectification deadline</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="57" />
        <source>问题台账</source>
        <translation>Problems</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="68" />
        <source>共 {n} 个问题</source>
        <translation>{n} problems</translation>
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
