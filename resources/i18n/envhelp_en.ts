<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem_actions.py" line="94"/>
        <source>{enterprise}：{description}</source>
        <translation>{enterprise}: {description}</translation>
    </message>
</context>
<context>
    <name>AmendDialog</name>
    <message>
        <location filename="../../envhelp/gui/visit_editor/amend.py" line="126"/>
        <source>修正定稿记录 {no}</source>
        <translation>Amend final record {no}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/amend.py" line="138"/>
        <source>必填：为什么要修正（例如记录时笔误）</source>
        <translation>Required: why the record is corrected (e.g. a slip when recording)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/amend.py" line="146"/>
        <source>只改需要更正的项；企业和帮扶类型不能修正。</source>
        <translation>Change only what needs correcting; the enterprise and visit type cannot be amended.</translation>
    </message>
</context>
<context>
    <name>Backup</name>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="317"/>
        <source>已取消恢复，数据库未做任何更改。</source>
        <translation>Restore cancelled; the database was not changed.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="65"/>
        <source>EnvHelp 备份 (*.zip);;所有文件 (*)</source>
        <translation>EnvHelp backups (*.zip);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="114"/>
        <source>自动备份</source>
        <translation>Automatic backup</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="115"/>
        <source>正在备份今天的数据，请稍候…（取消则跳过本次备份，下次关闭时再做）</source>
        <translation>Backing up today&apos;s data, please wait… (Cancel skips it; the next close makes it.)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="140"/>
        <source>自动备份未完成</source>
        <translation>Automatic backup not made</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="141"/>
        <source>上次关闭时的自动备份没有完成，数据本身未受影响：</source>
        <translation>The automatic backup when the app last closed did not complete; the data itself is unaffected:</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="143"/>
        <source>可以用“文件 → 备份数据…”手动备份一次。</source>
        <translation>You can make a backup now with &quot;File → Back up data…&quot;.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="159"/>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="187"/>
        <source>备份数据</source>
        <translation>Back up data</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="176"/>
        <source>已取消备份，未生成文件。</source>
        <translation>Backup cancelled; no file was written.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="179"/>
        <source>备份已保存：{path}
附件 {n} 个。</source>
        <translation>Backup saved: {path}
{n} attachment(s).</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="188"/>
        <source>正在备份到 {name}…</source>
        <translation>Backing up to {name}…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="204"/>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="239"/>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="278"/>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="322"/>
        <source>从备份恢复</source>
        <translation>Restore from backup</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="205"/>
        <source>备份文件已检查，内容完整。用它替换当前数据库吗？</source>
        <translation>The backup file was checked and is complete. Replace the current database with it?</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="207"/>
        <source>备份文件：{path}</source>
        <translation>Backup file: {path}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="208"/>
        <source>备份时间：{when}</source>
        <translation>Made on: {when}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="209"/>
        <source>数据结构版本：{v}</source>
        <translation>Schema version: {v}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="210"/>
        <source>附件：{n} 个</source>
        <translation>Attachments: {n}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="212"/>
        <source>当前数据库会先另存一份副本，恢复后窗口重新打开。备份之后所做的修改将不在恢复后的数据中。</source>
        <translation>A copy of the current database is kept first; the window then reopens on the restored data. Changes made after the backup will not be in it.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="219"/>
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="221"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="240"/>
        <source>数据库以只读方式打开，不能恢复。请以正常方式打开后再试。</source>
        <translation>The database is open read-only, so it cannot be restored. Open it normally and try again.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="245"/>
        <source>选择备份文件</source>
        <translation>Choose a backup file</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="271"/>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="311"/>
        <source>无法恢复</source>
        <translation>Cannot restore</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="279"/>
        <source>正在检查备份文件 {name}…</source>
        <translation>Checking the backup file {name}…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="303"/>
        <source>已从备份恢复：{backup}</source>
        <translation>Restored from backup: {backup}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="305"/>
        <source>恢复前的数据库已另存为：{path}</source>
        <translation>The database as it was before the restore is kept as: {path}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="306"/>
        <source>已从备份恢复。</source>
        <translation>Restored from backup.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="307"/>
        <source>恢复完成</source>
        <translation>Restore complete</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="323"/>
        <source>正在恢复 {name}…</source>
        <translation>Restoring {name}…</translation>
    </message>
</context>
<context>
    <name>BackupPickerDialog</name>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="342"/>
        <source>从备份恢复</source>
        <translation>Restore from backup</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="350"/>
        <source>每日</source>
        <translation>daily</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="350"/>
        <source>每月</source>
        <translation>monthly</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="357"/>
        <source>选择一个自动备份（最新的在最上面），恢复前会先检查它是否完整：</source>
        <translation>Choose an automatic backup (newest at the top); it is checked before anything is restored:</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="359"/>
        <source>在 {folder} 中没有找到自动备份。可以选择其他备份文件：</source>
        <translation>No automatic backups were found in {folder}. You can choose another backup file:</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="366"/>
        <source>其他备份文件…</source>
        <translation>Other backup file…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="372"/>
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/backup.py" line="385"/>
        <source>选择备份文件</source>
        <translation>Choose a backup file</translation>
    </message>
</context>
<context>
    <name>BundleReportDialog</name>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="245"/>
        <source>交换包导入结果</source>
        <translation>Exchange bundle imported</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="251"/>
        <source>已合并 {name}（生成于 {created} UTC，EnvHelp {version}）。导入只删除对方已删除的记录（未见过的修改列在冲突中）。</source>
        <translation>Merged {name} (made {created} UTC, EnvHelp {version}). An import deletes only records deleted on the other computer (edits it had not seen are listed as conflicts).</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="266"/>
        <source> 签名：{officer}（电脑 {laptop}）。</source>
        <translation> Signed by {officer} (computer {laptop}).</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="274"/>
        <source>数据</source>
        <translation>Data</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="275"/>
        <source>新增</source>
        <translation>Added</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="276"/>
        <source>无变化</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="277"/>
        <source>更新</source>
        <translation>Updated</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="278"/>
        <source>保留本机</source>
        <translation>Kept local</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="283"/>
        <source>更新：数据包中的记录较新，已替换本机记录。
保留本机：两边不同但本机的较新（或不可替换），保留本机记录。</source>
        <translation>Updated: the bundle&apos;s record was newer and replaced the local one.
Kept local: the two differ but the local record is newer (or cannot be replaced); it was kept.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="309"/>
        <source>附件文件：新写入 {written} 个，本机已有 {present} 个。</source>
        <translation>Attachment files: {written} written, {present} already on this computer.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="335"/>
        <source>{count} 处冲突：两台电脑都改过同一记录。未采用的值已保存在记录历史中，请核对。</source>
        <translation>{count} conflict(s): both computers changed the same record. The value not used is kept in the record&apos;s history; please check.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="339"/>
        <source> 另有 {count} 条修改的时间晚于本机时钟一天以上，对方电脑的时钟可能不准。</source>
        <translation> {count} more change(s) are dated over a day after this computer&apos;s clock; the other computer&apos;s clock may be wrong.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="344"/>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="345"/>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="346"/>
        <source>保留的值</source>
        <translation>Value kept</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="347"/>
        <source>未采用的值</source>
        <translation>Value not used</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="348"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="352"/>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
</context>
<context>
    <name>ChecklistModel</name>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_model.py" line="180"/>
        <source>编号</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_model.py" line="181"/>
        <source>检查要求</source>
        <translation>Requirement</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_model.py" line="182"/>
        <source>条款</source>
        <translation>Clause</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_model.py" line="183"/>
        <source>严重程度</source>
        <translation>Severity</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_model.py" line="184"/>
        <source>上次结果</source>
        <translation>Last result</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_model.py" line="185"/>
        <source>本次结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_model.py" line="187"/>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_model.py" line="186"/>
        <source>得分</source>
        <translation>Points</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_model.py" line="188"/>
        <source>照片</source>
        <translation>Photos</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_model.py" line="263"/>
        <source>自评：不适用（Enter）</source>
        <translation>Self: N/A (Enter)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_model.py" line="264"/>
        <source>自评：{points} 分（Enter）</source>
        <translation>Self: {points} pts (Enter)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_model.py" line="268"/>
        <source>建议：{result}（Enter）</source>
        <translation>Suggested: {result} (Enter)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_model.py" line="285"/>
        <source>−/+ 调整得分</source>
        <translation>−/+ change the points</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_model.py" line="290"/>
        <source>上次结果：{result}，{date} {record}
{note}</source>
        <translation>Last result: {result}, {date} {record}
{note}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_model.py" line="300"/>
        <source>依据：{basis}</source>
        <translation>Legal basis: {basis}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_model.py" line="302"/>
        <source>提示：{hint}</source>
        <translation>Hint: {hint}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_model.py" line="303"/>
        <source>1/Y 符合&#x3000;2/N 不符合&#x3000;3/A 不适用&#x3000;0/X 未检查&#x3000;退格 清除</source>
        <translation>1/Y compliant  2/N non-compliant  3/A not applicable  0/X not checked  Backspace clear</translation>
    </message>
</context>
<context>
    <name>ChecklistPanel</name>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist.py" line="96"/>
        <source>添加检查表</source>
        <translation>Add check</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist.py" line="98"/>
        <source>用左侧选择的模板开始一张检查表（Ctrl+T）</source>
        <translation>Start a check with the template chosen on the left (Ctrl+T)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist.py" line="110"/>
        <source>复制上次结果</source>
        <translation>Copy previous answers</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist.py" line="113"/>
        <source>把该企业上次的检查结果填为建议，逐项按 Enter 确认（Ctrl+Shift+C）</source>
        <translation>Fill in this enterprise&apos;s last answers as suggestions; confirm each with Enter (Ctrl+Shift+C)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist.py" line="116"/>
        <source>只看未作答</source>
        <translation>Unanswered only</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist.py" line="118"/>
        <source>只显示尚未作答的检查项（Ctrl+U）</source>
        <translation>Show only unanswered items (Ctrl+U)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist.py" line="137"/>
        <source>当前检查项的说明（可多行）</source>
        <translation>Note on the current item (several lines allowed)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist.py" line="146"/>
        <source>测算…</source>
        <translation>Measure…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist.py" line="149"/>
        <source>输入实测数值，由软件按标准判定当前项并写出算式（Ctrl+M）</source>
        <translation>Enter the values measured on site; the item is judged against the standard and the arithmetic written down (Ctrl+M)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist.py" line="157"/>
        <source>检查表：</source>
        <translation>Check:</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist.py" line="173"/>
        <source>说明（F2 编辑，Esc 返回表格）</source>
        <translation>Note (F2 to edit, Esc back to the table)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist.py" line="210"/>
        <source>不限</source>
        <translation>any site</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist.py" line="217"/>
        <source>检查范围改为 {scope}</source>
        <translation>Scope set to {scope}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist.py" line="346"/>
        <source>请先选择企业（保存草稿后才能添加检查表）。</source>
        <translation>Choose the enterprise first (a check needs the saved draft).</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist.py" line="361"/>
        <source>该企业没有可复制的上次检查结果。</source>
        <translation>This enterprise has no earlier answers to copy.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist.py" line="407"/>
        <source>{code} 标为“{result}”</source>
        <translation>{code} marked “{result}”</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist.py" line="440"/>
        <source>{code} 得 {points} 分</source>
        <translation>{code}: {points} points</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist.py" line="463"/>
        <source>{code} 确认自评 {points} 分</source>
        <translation>{code}: self-assessed {points} points confirmed</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist.py" line="487"/>
        <source>{code} 修改说明</source>
        <translation>{code} note changed</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist.py" line="532"/>
        <source>当前检查项没有测算规则。</source>
        <translation>The current item has no numeric check.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist.py" line="560"/>
        <source>{code} 按测算标为“{result}”</source>
        <translation>{code} marked “{result}” by measurement</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist.py" line="625"/>
        <source>尚未添加检查表。按 Ctrl+T 用所选模板开始检查。</source>
        <translation>No check yet. Press Ctrl+T to start one with the chosen template.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist.py" line="631"/>
        <source>已作答 {answered}/{total}&#x3000;符合 {ok}&#x3000;不符合 {bad}（重大 {major}，一般 {minor}）&#x3000;不适用 {na}&#x3000;未检查 {nc}&#x3000;符合率 {rate}</source>
        <translation>Answered {answered}/{total}   compliant {ok}   non-compliant {bad} (major {major}, minor {minor})   not applicable {na}   not checked {nc}   rate {rate}</translation>
    </message>
</context>
<context>
    <name>ChecklistView</name>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_view.py" line="47"/>
        <source>1/Y 符合&#x3000;2/N 不符合&#x3000;3/A 不适用&#x3000;0/X 未检查&#x3000;退格 清除&#x3000;Enter 确认上次结果&#x3000;F2 编辑说明&#x3000;Ctrl+P 添加照片</source>
        <translation>1/Y compliant  2/N non-compliant  3/A not applicable  0/X not checked  Backspace clear  Enter confirm last result  F2 edit note  Ctrl+P add photo</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_view.py" line="133"/>
        <source>按键：1/Y 满分&#x3000;2/N 最低分&#x3000;−/+ 减/加分&#x3000;3/A 不适用&#x3000;0/X 未检查&#x3000;退格 清除&#x3000;Enter 确认建议&#x3000;F2 说明&#x3000;Ctrl+P 照片</source>
        <translation>Keys: 1/Y full points  2/N lowest  −/+ fewer/more points  3/A not applicable  0/X not checked  Backspace clear  Enter confirm suggestion  F2 note  Ctrl+P photo</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_view.py" line="137"/>
        <source>按键：1/Y 符合&#x3000;2/N 不符合&#x3000;3/A 不适用&#x3000;0/X 未检查&#x3000;退格 清除&#x3000;Enter 确认建议&#x3000;F2 编辑说明&#x3000;Ctrl+M 测算&#x3000;Ctrl+P 照片</source>
        <translation>Keys: 1/Y compliant  2/N non-compliant  3/A not applicable  0/X not checked  Backspace clear  Enter accept suggestion  F2 edit note  Ctrl+M measure  Ctrl+P photos</translation>
    </message>
</context>
<context>
    <name>CloseDialog</name>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem_actions.py" line="205"/>
        <location filename="../../envhelp/gui/dialogs/problem_actions.py" line="214"/>
        <source>（请选择）</source>
        <translation>(choose)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem_actions.py" line="223"/>
        <source>（不关联走访）</source>
        <translation>(no visit)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem_actions.py" line="235"/>
        <source>以回头看方式销号时，须选择本企业的复核走访。</source>
        <translation>Closing by a follow-up visit needs that visit to this enterprise.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem_actions.py" line="242"/>
        <source>添加照片…</source>
        <translation>Add photos…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem_actions.py" line="245"/>
        <source>移除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem_actions.py" line="273"/>
        <source>选择佐证照片</source>
        <translation>Choose evidence photos</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem_actions.py" line="275"/>
        <source>图片 (*.jpg *.jpeg *.png *.bmp *.gif *.webp);;所有文件 (*)</source>
        <translation>Images (*.jpg *.jpeg *.png *.bmp *.gif *.webp);;All files (*)</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="257"/>
        <source>正在读取数据…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="333"/>
        <source>双击或回车打开企业。评分：每个逾期问题 {o} 分，每个未整改重大问题 {m} 分，距上次定稿走访每月 {p} 分（最多 {c} 个月，从未走访按 {c} 个月计），危废产生单位 {h} 分，排污许可证已过期 {e} 分，每份核查未提交的执行报告 {r} 分。</source>
        <translation>Double-click or press Enter to open the enterprise. Score: {o} per overdue problem, {m} per major problem not yet fixed, {p} per month since the last final visit (at most {c} months; never visited counts as {c}), {h} for a hazardous-waste producer, {e} for an expired discharge permit, {r} per execution report found missing.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="449"/>
        <source>读取失败：{error}</source>
        <translation>Could not read the data: {error}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="267"/>
        <source>走访次数</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="268"/>
        <source>走访企业（家）</source>
        <translation>Enterprises visited</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="269"/>
        <source>发现问题</source>
        <translation>Problems found</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="270"/>
        <source>销号问题</source>
        <translation>Problems closed</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="280"/>
        <source>问题台账与企业</source>
        <translation>Ledger and enterprises</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="283"/>
        <source>逾期未整改</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="284"/>
        <source>7 天内到期</source>
        <translation>Due within 7 days</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="285"/>
        <source>未销号问题</source>
        <translation>Open problems</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="286"/>
        <source>在册企业</source>
        <translation>Enterprises on record</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="293"/>
        <source>到期事项与提交情况…</source>
        <translation>Due items and submissions…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="296"/>
        <source>列出排污许可到期事项，记录或更正企业的执行报告、延续申请提交情况</source>
        <translation>List what falls due under the discharge permits; record or correct what the enterprises submitted (execution reports, renewal applications)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="312"/>
        <source>走访计划建议（按需要程度排序）</source>
        <translation>Suggested visits (most needed first)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="316"/>
        <source>企业</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="316"/>
        <source>镇街</source>
        <translation>Town</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="316"/>
        <source>上次走访</source>
        <translation>Last visit</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="316"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="492"/>
        <source>{name}：本年 {n} 次计入上限（上限 {cap} 次，{state}）</source>
        <translation>{name}: {n} this year count against the cap (cap {cap}, {state})</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="501"/>
        <source>{name}：{y} 年 {m} 月有 {n} 次不同来源的检查（{sources}），宜综合查一次</source>
        <translation>{name}: {n} inspections from different sources in {y}-{m} ({sources}); combine them into one visit</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="512"/>
        <source>检查频次提醒：</source>
        <translation>Inspection frequency warnings:</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="526"/>
        <source>排污许可：{d} 天内到期或已逾期 {n} 项（执行报告 {r} 项，许可证延续 {v} 项，其中许可证已过期 {x} 份）；鼠标停留可看明细。</source>
        <translation>Discharge permits: {n} items due within {d} days or overdue ({r} execution reports, {v} renewals; {x} permits expired). Hover for the list.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="530"/>
        <source>排污许可：{d} 天内没有到期事项。</source>
        <translation>Discharge permits: nothing falls due within {d} days.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="556"/>
        <source>数据库里还没有企业，所以这里都是 0。先录入企业：“数据 → 导入企业（Excel）”按模板一次导入，或在“企业”页按 Ctrl+N 逐家添加；然后在“走访”页按 Ctrl+N 开始第一次走访。按 F1 查看使用指南。</source>
        <translation>There are no enterprises in the database yet, hence all the zeros. Start with the enterprises: import the list with “Data → Import enterprises (Excel)”, or add them one by one with Ctrl+N on the Enterprises page; then press Ctrl+N on the Visits page for the first visit. F1 opens the user guide.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/__init__.py" line="35"/>
        <source>仪表盘</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="462"/>
        <source>截至 {day}</source>
        <translation>As of {day}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="464"/>
        <source>本月（{y} 年 {m} 月）</source>
        <translation>This month ({y}-{m:02d})</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="466"/>
        <source>本年（{y} 年）</source>
        <translation>This year ({y})</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/dashboard.py" line="479"/>
        <source>从未走访</source>
        <translation>Never visited</translation>
    </message>
</context>
<context>
    <name>DataMenu</name>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="248"/>
        <location filename="../../envhelp/gui/data_menu.py" line="382"/>
        <source>已取消导入，未做任何更改。</source>
        <translation>Import cancelled; nothing was changed.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="341"/>
        <source>已取消导出，未生成文件。</source>
        <translation>Export cancelled; no file was written.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="505"/>
        <source>已取消检查，未生成报告。</source>
        <translation>Check cancelled; no report was made.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="75"/>
        <source>数据(&amp;D)</source>
        <translation>&amp;Data</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="85"/>
        <source>导入企业（Excel）(&amp;I)…</source>
        <translation>&amp;Import enterprises (Excel)…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="90"/>
        <source>下载企业导入模板(&amp;T)…</source>
        <translation>Download enterprise import &amp;template…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="96"/>
        <source>检查表模板(&amp;C)…</source>
        <translation>&amp;Checklist templates…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="101"/>
        <source>导出交换包(&amp;E)…</source>
        <translation>&amp;Export exchange bundle…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="105"/>
        <source>导入交换包(&amp;M)…</source>
        <translation>&amp;Import exchange bundle…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="108"/>
        <source>同步(&amp;S)</source>
        <translation>&amp;Sync</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="110"/>
        <source>签名密钥(&amp;G)…</source>
        <translation>Si&amp;gning keys…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="115"/>
        <source>检查数据完整性(&amp;K)</source>
        <translation>Chec&amp;k data integrity</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="119"/>
        <source>核验 PDF(&amp;V)…</source>
        <translation>&amp;Verify a PDF…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="229"/>
        <location filename="../../envhelp/gui/data_menu.py" line="244"/>
        <source>导入企业</source>
        <translation>Import enterprises</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="231"/>
        <location filename="../../envhelp/gui/data_menu.py" line="265"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="245"/>
        <source>正在导入 {name}…</source>
        <translation>Importing {name}…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="262"/>
        <location filename="../../envhelp/gui/data_menu.py" line="277"/>
        <source>下载企业导入模板</source>
        <translation>Download enterprise import template</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="264"/>
        <source>企业导入模板.xlsx</source>
        <translation>enterprise-import-template.xlsx</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="278"/>
        <source>无法保存到 {path}：{error}</source>
        <translation>Cannot save to {path}: {error}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="287"/>
        <source>导入模板已保存：
{path}

在“企业名录”工作表中每行填写一家企业，然后用“数据 → 导入企业（Excel）”导入。</source>
        <translation>Import template saved:
{path}

Fill in one enterprise per row on the “企业名录” sheet, then import it with “Data → Import enterprises (Excel)”.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="320"/>
        <location filename="../../envhelp/gui/data_menu.py" line="337"/>
        <source>导出交换包</source>
        <translation>Export exchange bundle</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="323"/>
        <location filename="../../envhelp/gui/data_menu.py" line="365"/>
        <source>EnvHelp 交换包 (*.zip)</source>
        <translation>EnvHelp exchange bundle (*.zip)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="338"/>
        <source>正在导出全部记录和附件到 {name}…</source>
        <translation>Exporting every record and attachment to {name}…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="349"/>
        <source>交换包已保存：
{path}

共 {records} 条记录，附件文件 {files} 个。在另一台电脑上用“数据 → 导入交换包”合并。</source>
        <translation>Exchange bundle saved:
{path}

{records} records, {files} attachment file(s). Merge it on the other computer with “Data → Import exchange bundle”.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="363"/>
        <location filename="../../envhelp/gui/data_menu.py" line="378"/>
        <source>导入交换包</source>
        <translation>Import exchange bundle</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="379"/>
        <source>正在检查并合并 {name}…</source>
        <translation>Checking and merging {name}…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="395"/>
        <source>这是第一次收到以下密钥签名的交换包：

执法人员：{officer}
电脑：{laptop}
密钥指纹：{fingerprint}

请先通过电话或当面与对方核对指纹。信任此密钥并导入吗？以后来自它的交换包将直接导入。</source>
        <translation>This is the first exchange bundle signed with this key:

Officer: {officer}
Computer: {laptop}
Key fingerprint: {fingerprint}

Compare the fingerprint with the sender by phone or in person first. Trust this key and import? Its bundles will be imported directly from now on.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="405"/>
        <source>信任新的签名密钥？</source>
        <translation>Trust a new signing key?</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="431"/>
        <source>上次同步：{month}月{day}日 {time}</source>
        <translation>Last sync: {day}/{month} {time}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="435"/>
        <source>尚未同步</source>
        <translation>Not synced yet</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="448"/>
        <location filename="../../envhelp/gui/data_menu.py" line="462"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="449"/>
        <source>尚未设置数据中心地址。请在“设置”中填写“数据中心地址”（由信息科提供），密码请按信息科的说明保存在 .pgpass 文件中。</source>
        <translation>No bureau hub URL is set. Enter the Bureau hub URL (from your IT staff) in Settings; keep the password in a .pgpass file as IT explains.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="463"/>
        <source>正在与数据中心同步…</source>
        <translation>Syncing with the bureau hub…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="466"/>
        <source>已取消同步：本机未合并任何变更，下次同步会继续。</source>
        <translation>Sync cancelled: no change was merged here; the next sync carries on.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="475"/>
        <source>同步完成：上传 {pushed} 行；收到其他电脑的变更集 {pulled} 个。同步不会删除本机的任何记录。</source>
        <translation>Synced: {pushed} row(s) sent; {pulled} change set(s) received from other laptops. A sync never deletes a record here.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="485"/>
        <source>同步结果</source>
        <translation>Sync result</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="501"/>
        <source>检查数据完整性</source>
        <translation>Check data integrity</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="502"/>
        <source>正在检查数据库、审计日志和每个附件文件…</source>
        <translation>Checking the database, the audit log and every attachment file…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="520"/>
        <location filename="../../envhelp/gui/data_menu.py" line="537"/>
        <location filename="../../envhelp/gui/data_menu.py" line="549"/>
        <source>核验 PDF</source>
        <translation>Verify a PDF</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="522"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="538"/>
        <source>正在对照数据库核验 PDF 的数据和页面文字…</source>
        <translation>Checking the PDF&apos;s data and the text on its pages against the database…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="541"/>
        <source>已取消核验。</source>
        <translation>Verification cancelled.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="563"/>
        <source>……共 {n} 项，见“详细信息”</source>
        <translation>… {n} in all, see “Show Details”</translation>
    </message>
</context>
<context>
    <name>DrawDialog</name>
    <message>
        <location filename="../../envhelp/gui/pages/random_checks.py" line="48"/>
        <source>双随机抽取</source>
        <translation>Random draw</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/random_checks.py" line="54"/>
        <source>留空则随机产生，抽取后显示</source>
        <translation>Empty: a random one, shown after the draw</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/random_checks.py" line="64"/>
        <source>仅重新抽取已抽过的期间时填写</source>
        <translation>Only when drawing a period again</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/random_checks.py" line="66"/>
        <source>抽查期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/random_checks.py" line="67"/>
        <source>随机种子</source>
        <translation>Seed</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/random_checks.py" line="68"/>
        <source>抽查比例</source>
        <translation>Quotas</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/random_checks.py" line="69"/>
        <source>重新抽取的原因</source>
        <translation>Reason for the redraw</translation>
    </message>
</context>
<context>
    <name>EnterpriseDetailDialog</name>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="141"/>
        <source>本年现场检查</source>
        <translation>On-site inspections this year</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="149"/>
        <source>最近一次检查所选的检查范围；新检查表沿用它</source>
        <translation>The scope chosen on the latest check; a new checklist takes it over</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="158"/>
        <source>排放口</source>
        <translation>Outlet</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="159"/>
        <source>类别</source>
        <translation>Class</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="160"/>
        <source>污染物及许可排放浓度、年排放量</source>
        <translation>Pollutants, permitted concentration and yearly quantity</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="161"/>
        <source>自行监测频次</source>
        <translation>Self-monitoring</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="189"/>
        <source>新建走访</source>
        <translation>New visit</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="191"/>
        <source>为该企业新建走访记录（Ctrl+N）</source>
        <translation>New visit to this enterprise (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="194"/>
        <source>编辑企业…</source>
        <translation>Edit enterprise…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="196"/>
        <source>编辑企业信息（F2）</source>
        <translation>Edit the enterprise (F2)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="199"/>
        <source>排污许可证…</source>
        <translation>Discharge permit…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="201"/>
        <source>登记或修改排污许可证及其排放口</source>
        <translation>Record or change the discharge permit and its outlets</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="205"/>
        <source>执行报告…</source>
        <translation>Execution reports…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="207"/>
        <source>记录或更正执行报告、延续申请的提交情况</source>
        <translation>Record or correct what was submitted: execution reports, renewal application</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="209"/>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="322"/>
        <source>注销/撤销…</source>
        <translation>Cancel / revoke…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="217"/>
        <source>基本信息</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="227"/>
        <source>排污许可证</source>
        <translation>Discharge permit</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="231"/>
        <source>走访记录（Enter 打开）</source>
        <translation>Visits (Enter opens)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="233"/>
        <source>未销号问题（红色：已逾期；Enter 打开）</source>
        <translation>Open problems (red: overdue; Enter opens)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="264"/>
        <source>企业详情 — {name}</source>
        <translation>Enterprise — {name}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="275"/>
        <source>；正面清单</source>
        <translation>; positive list</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="279"/>
        <source>{n} 次（计入上限 {counted} 次，上限每年 {cap} 次）</source>
        <translation>{n} ({counted} against the cap of {cap} a year)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="288"/>
        <source>未登记</source>
        <translation>None recorded</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="291"/>
        <source>最近检查范围：{scope}</source>
        <translation>Latest check scope: {scope}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="293"/>
        <source>最近检查范围：尚未选定</source>
        <translation>Latest check scope: not set yet</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="298"/>
        <source>最近符合率：暂无已定稿的检查</source>
        <translation>Latest compliance rate: no final check yet</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="302"/>
        <source>最近符合率 {rate}（{date}，符合 {ok} / 不符合 {bad}）</source>
        <translation>Latest compliance rate {rate} ({date}, compliant {ok} / non-compliant {bad})</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="322"/>
        <source>恢复有效…</source>
        <translation>Put back in force…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="324"/>
        <source>许可证注销、撤销或录入有误：不再列入到期事项和走访计划</source>
        <translation>The permit was cancelled, revoked or entered in error: take it off the due list and the visit planning</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="326"/>
        <source>将许可证恢复为有效</source>
        <translation>Put the permit back in force</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="329"/>
        <source>未登记排污许可证。</source>
        <translation>No discharge permit on file.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="333"/>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="342"/>
        <source>{no}&#x3000;{cls}&#x3000;发证机关：{authority}&#x3000;有效期：{issued} 至 {valid}&#x3000;执行报告：{reports}</source>
        <translation>{no}  {cls}  Issued by: {authority}  Valid: {issued} to {valid}  Execution reports: {reports}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="351"/>
        <source>60 天内到期或逾期：</source>
        <translation>Due within 60 days or overdue: </translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="352"/>
        <source>状态：</source>
        <translation>Status:</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="383"/>
        <source>规范化评估：暂无已定稿的评估</source>
        <translation>HW management assessment: none finalized yet</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="386"/>
        <source>最近评估 {score}/{maximum}（{percent}，{verdict}，{date}）</source>
        <translation>Last assessment {score}/{maximum} ({percent}, {verdict}, {date})</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise_detail.py" line="397"/>
        <source>&#x3000;趋势 {arrow} {trend}</source>
        <translation>  trend {arrow} {trend}</translation>
    </message>
</context>
<context>
    <name>EnterpriseDialog</name>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise.py" line="210"/>
        <source>企业信息（只读）</source>
        <translation>Enterprise (read-only)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise.py" line="76"/>
        <source>编辑企业</source>
        <translation>Edit enterprise</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise.py" line="76"/>
        <source>新建企业</source>
        <translation>New enterprise</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise.py" line="93"/>
        <source>18 位，例如 91350100M000100Y43</source>
        <translation>18 characters, e.g. 91350100M000100Y43</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise.py" line="95"/>
        <source>22 位，例如 91130200699229617X001P</source>
        <translation>22 characters, e.g. 91130200699229617X001P</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise.py" line="96"/>
        <source>多个号码用逗号分隔</source>
        <translation>Separate several numbers with commas</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise.py" line="185"/>
        <source>如：上年度受到处罚、信用警示、投诉 3 次以上</source>
        <translation>e.g. penalised last year, credit warning, 3+ complaints</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise.py" line="191"/>
        <source>未评定</source>
        <translation>Not graded</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise.py" line="204"/>
        <source>列入正面清单</source>
        <translation>On the positive list</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/enterprise.py" line="205"/>
        <source>企业邀约/预约检查</source>
        <translation>Asks for visits</translation>
    </message>
</context>
<context>
    <name>EnterprisePicker</name>
    <message>
        <location filename="../../envhelp/gui/visit_editor/form.py" line="72"/>
        <source>输入企业名称、统一社会信用代码或拼音首字母，如 qdjr</source>
        <translation>Type part of the name, the credit code or pinyin initials, e.g. qdjr</translation>
    </message>
</context>
<context>
    <name>EnterprisesPage</name>
    <message>
        <location filename="../../envhelp/gui/pages/enterprises.py" line="45"/>
        <source>搜索：企业名称、统一社会信用代码或拼音首字母（如 qdjr）</source>
        <translation>Search: name, credit code or pinyin initials (e.g. qdjr)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/enterprises.py" line="56"/>
        <source>新建企业</source>
        <translation>New enterprise</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/enterprises.py" line="58"/>
        <source>新建企业（Ctrl+N）</source>
        <translation>New enterprise (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/enterprises.py" line="60"/>
        <source>编辑</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/enterprises.py" line="62"/>
        <source>编辑选中的企业（F2）</source>
        <translation>Edit the selected enterprise (F2)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/enterprises.py" line="67"/>
        <source>企业详情：走访、未销号问题、符合率（Enter、双击或 Ctrl+D）</source>
        <translation>Enterprise details: visits, open problems, compliance (Enter, double-click or Ctrl+D)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../envhelp/gui/pages/enterprises.py" line="145"/>
        <source>共 %n 家</source>
        <translation>
            <numerusform>%n enterprise</numerusform>
            <numerusform>%n enterprises</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/enterprises.py" line="149"/>
        <source>没有找到匹配的企业：试试名称中的一个词、信用代码或拼音首字母。</source>
        <translation>No enterprise matches: try one word of the name, the credit code or the pinyin initials.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/enterprises.py" line="152"/>
        <source>还没有企业。按 Ctrl+N 新建一家，或用“数据 → 导入企业（Excel）”按模板一次导入（模板在“数据 → 下载企业导入模板”）。</source>
        <translation>No enterprises yet. Press Ctrl+N to add one, or import the whole list with “Data → Import enterprises (Excel)” (the template is under “Data → Download the import template”).</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/__init__.py" line="36"/>
        <source>企业</source>
        <translation>Enterprises</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/enterprises.py" line="64"/>
        <source>详情</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>ErrorHandling</name>
    <message>
        <location filename="../../envhelp/gui/errors.py" line="74"/>
        <source>无法完成操作</source>
        <translation>Could not complete the action</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/errors.py" line="81"/>
        <source>内部错误</source>
        <translation>Internal error</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/errors.py" line="82"/>
        <source>程序遇到了意外错误，已保存的数据不受影响。详细信息已写入日志：</source>
        <translation>EnvHelp hit an unexpected error; data saved earlier is not affected. Details were written to the log:</translation>
    </message>
</context>
<context>
    <name>ExtendDialog</name>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem_actions.py" line="309"/>
        <source>指定新日期</source>
        <translation>New date</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem_actions.py" line="311"/>
        <source>顺延天数</source>
        <translation>Extend by</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem_actions.py" line="321"/>
        <source>个工作日</source>
        <translation>working days</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem_actions.py" line="322"/>
        <source>个自然日</source>
        <translation>calendar days</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem_actions.py" line="332"/>
        <source>（自原期限 {day} 起算）</source>
        <translation>(counted from the current deadline {day})</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem_actions.py" line="391"/>
        <source>新整改期限：{day}</source>
        <translation>New deadline: {day}</translation>
    </message>
</context>
<context>
    <name>FileSaved</name>
    <message>
        <location filename="../../envhelp/gui/dialogs/files.py" line="105"/>
        <location filename="../../envhelp/gui/dialogs/files.py" line="123"/>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/files.py" line="106"/>
        <source>本机没有打印服务（lp）。将用默认程序打开文件，请从那里打印。</source>
        <translation>This computer has no print service (lp). The file opens in its default program; print from there.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/files.py" line="124"/>
        <source>打印失败：{error}</source>
        <translation>Printing failed: {error}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/files.py" line="137"/>
        <source>导出完成</source>
        <translation>Export finished</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/files.py" line="139"/>
        <source>打开文件</source>
        <translation>Open file</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/files.py" line="142"/>
        <source>打开所在文件夹</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/files.py" line="148"/>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/files.py" line="151"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <location filename="../../envhelp/gui/dialogs/first_start.py" line="61"/>
        <source>欢迎使用 EnvHelp</source>
        <translation>Welcome to EnvHelp</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/first_start.py" line="75"/>
        <source>先填写本单位和您自己的信息：文书的抬头、落款和执法人员栏都用到它们。以后可在“文件 → 设置”中修改。</source>
        <translation>First your bureau and yourself: documents print them in their heading, signature and officers. File → Settings changes them later.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/first_start.py" line="82"/>
        <source>您（当前执法人员）</source>
        <translation>You (the current officer)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/first_start.py" line="88"/>
        <source>执法证上的编号</source>
        <translation>The number on your enforcement certificate</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/first_start.py" line="92"/>
        <source>以后再说</source>
        <translation>Later</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/first_start.py" line="96"/>
        <source>保存，下一步</source>
        <translation>Save and continue</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/first_start.py" line="153"/>
        <source>接下来录入辖区企业。已有企业名单的，可按模板整理成 Excel 一次导入；也可以逐家添加。</source>
        <translation>Next, the enterprises of your district. A list you already have can be put into the Excel template and imported at once; or add them one by one.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/first_start.py" line="159"/>
        <source>下载导入模板…</source>
        <translation>Download the import template…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/first_start.py" line="162"/>
        <source>从 Excel 导入企业…</source>
        <translation>Import enterprises from Excel…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/first_start.py" line="165"/>
        <source>添加一家企业…</source>
        <translation>Add an enterprise…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/first_start.py" line="168"/>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/first_start.py" line="176"/>
        <source>随时可按 F1 查看使用指南。</source>
        <translation>Press F1 at any time for the user guide.</translation>
    </message>
</context>
<context>
    <name>FollowupPanel</name>
    <message>
        <location filename="../../envhelp/gui/visit_editor/followup.py" line="73"/>
        <source>应用回头看结论</source>
        <translation>Apply follow-up decisions</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/followup.py" line="76"/>
        <source>已整改的问题销号，仍未整改的记录说明和新期限（Ctrl+Shift+A；定稿时也会应用）</source>
        <translation>Close the fixed problems; record a note and new deadline for the others (Ctrl+Shift+A; also applied at finalize)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/followup.py" line="116"/>
        <source>帮扶类型为“回头看”时，这里列出该企业未销号的问题以便逐一核查。</source>
        <translation>For a follow-up visit, the enterprise&apos;s open problems are listed here to be reviewed one by one.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/followup.py" line="134"/>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/followup.py" line="134"/>
        <source>结论</source>
        <translation>Decision</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/followup.py" line="134"/>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/followup.py" line="134"/>
        <source>新整改期限</source>
        <translation>New deadline</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/followup.py" line="145"/>
        <source>本次已核查 {n} 个问题（结论见下）。</source>
        <translation>This visit reviewed {n} problem(s) (conclusions below). </translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/followup.py" line="149"/>
        <source>该企业还有 {n} 个未销号问题。逐项选择结论后点“应用”（或定稿时一并应用）。</source>
        <translation>The enterprise has {n} more open problem(s). Choose a conclusion for each, then click Apply (or they are applied at finalize).</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/followup.py" line="152"/>
        <source>该企业没有未销号的问题。</source>
        <translation>The enterprise has no open problems.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/followup.py" line="162"/>
        <source>{desc}
发现 {where}</source>
        <translation>{desc}
Found {where}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/followup.py" line="177"/>
        <source>{desc}
发现 {found}&#x3000;期限 {deadline}&#x3000;{status}</source>
        <translation>{desc}
found {found}   deadline {deadline}   {status}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/followup.py" line="182"/>
        <source>（已逾期）</source>
        <translation> (overdue)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/followup.py" line="190"/>
        <source>未核查</source>
        <translation>Not reviewed</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/followup.py" line="191"/>
        <source>已整改，销号</source>
        <translation>Fixed: close out</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/followup.py" line="192"/>
        <source>部分整改</source>
        <translation>Partly rectified</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/followup.py" line="193"/>
        <source>仍未整改</source>
        <translation>Still open</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/followup.py" line="194"/>
        <source>未整改，移交立案</source>
        <translation>Not rectified: hand over for a case</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/followup.py" line="197"/>
        <source>核查说明（仍未整改时必填）</source>
        <translation>Note (required when still open)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/followup.py" line="201"/>
        <source>新的整改期限：不改则保持原期限（Alt+↓ 打开日历）</source>
        <translation>New deadline: unchanged keeps the current one (Alt+↓ opens the calendar)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/followup.py" line="263"/>
        <source>&#x3000;本次已销号 {closed} 个，仍未整改 {open} 个（其中延期 {ext} 个）。</source>
        <translation>  This visit closed {closed}, left {open} open ({ext} with a new deadline).</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <location filename="../../envhelp/gui/dialogs/help.py" line="29"/>
        <source>使用指南</source>
        <translation>User guide</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/help.py" line="29"/>
        <source>快捷键</source>
        <translation>Keyboard shortcuts</translation>
    </message>
</context>
<context>
    <name>ImportReportDialog</name>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="87"/>
        <source>企业导入结果</source>
        <translation>Enterprise import result</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="91"/>
        <source>文件：{name}</source>
        <translation>File: {name}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="93"/>
        <source>&#x3000;工作表：{sheet}（表头在第 {row} 行）</source>
        <translation>   Sheet: {sheet} (header in row {row})</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="102"/>
        <source>新增</source>
        <translation>Added</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="103"/>
        <source>更新</source>
        <translation>Updated</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="104"/>
        <source>无变化</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="105"/>
        <source>拒绝（行）</source>
        <translation>Rejected (rows)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="113"/>
        <source>未识别的列（已忽略）：{columns}</source>
        <translation>Columns not recognized (ignored): {columns}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="122"/>
        <source>Excel 行号</source>
        <translation>Excel row</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="122"/>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="122"/>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="141"/>
        <source>以下各行未导入，其余行已保存。请在 Excel 中改正这些行后重新导入（已导入的企业不会重复）。</source>
        <translation>The rows below were not imported; all other rows were saved. Correct these rows in Excel and import the file again (enterprises already imported are not duplicated).</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="151"/>
        <source>所有行均已处理，没有被拒绝的行。</source>
        <translation>Every row was processed; none was rejected.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="157"/>
        <source>复制(&amp;C)</source>
        <translation>&amp;Copy</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="159"/>
        <source>复制选中的行（未选中时复制全部），可粘贴到 Excel</source>
        <translation>Copy the selected rows (all rows when none is selected), ready to paste into Excel</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="160"/>
        <source>另存为(&amp;S)…</source>
        <translation>&amp;Save as…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="190"/>
        <source>{stem}-未导入的行.xlsx</source>
        <translation>{stem}-rejected-rows.xlsx</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="191"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="194"/>
        <source>保存被拒绝的行</source>
        <translation>Save rejected rows</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="196"/>
        <source>CSV 文件 (*.csv)</source>
        <translation>CSV file (*.csv)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="213"/>
        <source>保存失败</source>
        <translation>Save failed</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="214"/>
        <source>无法保存到 {path}：{error}</source>
        <translation>Cannot save to {path}: {error}</translation>
    </message>
</context>
<context>
    <name>IntegrityReportDialog</name>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="385"/>
        <source>把原文件放回所示位置（可从备份的 attachments 文件夹或原始照片中找回，文件名须与路径中的相同），然后再检查一次。</source>
        <translation>Put the original file back at the path shown (from a backup&apos;s attachments folder or the original photo; the file name must be exactly as in the path), then check again.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="391"/>
        <source>该文件已损坏或被替换：从备份中取回原文件覆盖它，然后再检查一次。</source>
        <translation>The file is damaged or was replaced: copy the original from a backup over it, then check again.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="396"/>
        <source>审计日志在本软件之外被改动过：请保留这份数据库的副本作为凭证，并用 envhelp restore 从改动之前的备份恢复。</source>
        <translation>The audit log was changed outside the app: keep a copy of this database as evidence and restore a backup from before the change with `envhelp restore`.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="402"/>
        <source>这条记录在本软件之外被插入、改动或删除过：请保留这份数据库的副本作为凭证，并用 envhelp restore 从改动之前的备份恢复。</source>
        <translation>This record was inserted, changed or deleted outside the app: keep a copy of this database as evidence, and restore a backup from before the change with envhelp restore.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="408"/>
        <source>记录之间的关联已断开：请用 envhelp restore 从最近的备份恢复（备份在数据库旁的 backups 文件夹中）。</source>
        <translation>Links between records are broken: restore the latest backup with `envhelp restore` (backups are in the backups folder beside the database).</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="423"/>
        <source>数据完整性检查</source>
        <translation>Data integrity check</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="434"/>
        <source>✔ 全部正常：数据库、审计日志和附件文件都没有发现问题。</source>
        <translation>✔ All well: no problem found in the database, the audit log or the attachment files.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="438"/>
        <source>✘ 发现 {n} 个问题，请按下方说明处理。</source>
        <translation>✘ {n} problem(s) found; see below what to do.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="445"/>
        <source>正常</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="445"/>
        <source>有问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="447"/>
        <source>数据库结构与关联</source>
        <translation>Database structure and links</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="448"/>
        <source>审计日志</source>
        <translation>Audit log</translation>
    </message>
    <message numerus="yes">
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="448"/>
        <source>%n 条</source>
        <translation>
            <numerusform>%n entry</numerusform>
            <numerusform>%n entries</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="449"/>
        <source>记录与审计日志一致</source>
        <translation>Records match the audit log</translation>
    </message>
    <message numerus="yes">
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="453"/>
        <source>%n 条记录</source>
        <translation>
            <numerusform>%n record</numerusform>
            <numerusform>%n records</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="454"/>
        <source>，%n 个文件</source>
        <translation>
            <numerusform>, %n file</numerusform>
            <numerusform>, %n files</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="452"/>
        <source>附件文件</source>
        <translation>Attachment files</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="481"/>
        <source>复制(&amp;C)</source>
        <translation>&amp;Copy</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/import_report.py" line="495"/>
        <source>处理办法：</source>
        <translation>What to do: </translation>
    </message>
</context>
<context>
    <name>ItemDetail</name>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_detail.py" line="54"/>
        <source>依据：{basis}</source>
        <translation>Legal basis: {basis}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_detail.py" line="57"/>
        <source>提示：{hint}</source>
        <translation>Hint: {hint}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_detail.py" line="59"/>
        <source>本项可按实测数值判定：按 Ctrl+M 或点“测算…”。</source>
        <translation>This item can be judged from measured values: press Ctrl+M or click “Measure…”.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_detail.py" line="61"/>
        <source>按 −/+ 调整得分，1/Y 满分，2/N 最低分。</source>
        <translation>Press −/+ to change the points, 1/Y for full points, 2/N for the lowest.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_detail.py" line="66"/>
        <source>不适用</source>
        <translation>not applicable</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_detail.py" line="68"/>
        <source>{points} 分</source>
        <translation>{points} points</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_detail.py" line="71"/>
        <source>企业自评：{value}，按 Enter 确认或另行作答。</source>
        <translation>Self-assessment: {value}; press Enter to confirm or answer otherwise.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_detail.py" line="75"/>
        <source>上次结果（{date}）：{result}，按 Enter 确认或按数字键另行作答。</source>
        <translation>Last result ({date}): {result}. Press Enter to confirm it or a number key to answer otherwise.</translation>
    </message>
</context>
<context>
    <name>ItemPhotos</name>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_photos.py" line="38"/>
        <source>添加照片…</source>
        <translation>Add photo…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_photos.py" line="40"/>
        <source>为当前检查项添加照片（Ctrl+P，也可把文件拖到该行）</source>
        <translation>Add a photo to the current item (Ctrl+P, or drop files on its row)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_photos.py" line="67"/>
        <source>添加检查项照片</source>
        <translation>Add item photos</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_photos.py" line="69"/>
        <source>图片 (*.jpg *.jpeg *.png *.heic *.bmp *.gif);;所有文件 (*)</source>
        <translation>Images (*.jpg *.jpeg *.png *.heic *.bmp *.gif);;All files (*)</translation>
    </message>
</context>
<context>
    <name>LedgerTableModel</name>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="92"/>
        <source>逾期 {n} 天</source>
        <translation>{n} d overdue</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="96"/>
        <source>迟 {n} 天销号</source>
        <translation>closed {n} d late</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="80"/>
        <source>EnvHelp 执法帮扶 — {name}</source>
        <translation>EnvHelp enforcement assistance — {name}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="115"/>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="129"/>
        <source>设置(&amp;S)…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="132"/>
        <source>退出(&amp;Q)</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="135"/>
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="136"/>
        <source>新建(&amp;N)</source>
        <translation>&amp;New</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="138"/>
        <source>查找(&amp;F)</source>
        <translation>&amp;Find</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="141"/>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="148"/>
        <source>刷新(&amp;R)</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/data_menu.py" line="77"/>
        <location filename="../../envhelp/gui/main_window.py" line="151"/>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="157"/>
        <source>关于 EnvHelp(&amp;A)</source>
        <translation>&amp;About EnvHelp</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="173"/>
        <source>数据库：{path}</source>
        <translation>Database: {path}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="191"/>
        <source>当前执法人员：{name}</source>
        <translation>Current officer: {name}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="193"/>
        <source>当前执法人员：未选择（文件 → 设置）</source>
        <translation>Current officer: none (File → Settings)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="328"/>
        <source>关于 EnvHelp</source>
        <translation>About EnvHelp</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="329"/>
        <source>EnvHelp {version}
生态环境执法帮扶案件管理工具。</source>
        <translation>EnvHelp {version}
Case management for environmental enforcement assistance visits.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="82"/>
        <source>（只读）</source>
        <translation> (read-only)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="116"/>
        <source>新建数据库(&amp;W)…</source>
        <translation>Ne&amp;w database…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="119"/>
        <source>打开数据库(&amp;O)…</source>
        <translation>&amp;Open database…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="123"/>
        <source>备份数据(&amp;B)…</source>
        <translation>&amp;Back up data…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="125"/>
        <source>从备份恢复(&amp;R)…</source>
        <translation>&amp;Restore from backup…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="152"/>
        <source>使用指南(&amp;G)</source>
        <translation>User &amp;guide</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="154"/>
        <source>快捷键(&amp;K)</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="180"/>
        <source>只读</source>
        <translation>Read-only</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="183"/>
        <source>数据库以只读方式打开：可以查看，不能保存修改。</source>
        <translation>The database is open read-only: you can look, but changes cannot be saved.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="351"/>
        <source>正在处理数据库，请稍候…</source>
        <translation>Working on the database, please wait…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/main_window.py" line="367"/>
        <source>已打开数据库：{path}</source>
        <translation>Opened database: {path}</translation>
    </message>
</context>
<context>
    <name>MeasureDialog</name>
    <message>
        <location filename="../../envhelp/gui/visit_editor/measure.py" line="39"/>
        <source>测算：{code}</source>
        <translation>Measure: {code}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/measure.py" line="53"/>
        <source>数字</source>
        <translation>number</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/measure.py" line="64"/>
        <source>采用结果</source>
        <translation>Use this result</translation>
    </message>
</context>
<context>
    <name>OfficersDialog</name>
    <message>
        <location filename="../../envhelp/gui/dialogs/officers.py" line="59"/>
        <location filename="../../envhelp/gui/dialogs/officers.py" line="219"/>
        <source>管理执法人员</source>
        <translation>Manage officers</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/officers.py" line="72"/>
        <source>例如 2026-12-01（留空表示可以抽取）</source>
        <translation>e.g. 2026-12-01 (empty: can be drawn)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/officers.py" line="76"/>
        <source>在岗（可选为走访的执法人员）</source>
        <translation>In service (can be chosen for visits)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/officers.py" line="81"/>
        <source>执法证号印在笔录和文书上。不可抽取的日期内，双随机抽查不会抽到这名执法人员；不在岗的执法人员不再出现在走访的人员选择中，以前的记录不受影响。</source>
        <translation>The certificate number is printed on records and documents. On the unavailable days random checks do not draw this officer; an officer out of service is no longer offered for visits, and earlier records stay as they are.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/officers.py" line="96"/>
        <source>保存修改</source>
        <translation>Save changes</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/officers.py" line="101"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/officers.py" line="138"/>
        <source> · 不在岗</source>
        <translation> · out of service</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/officers.py" line="140"/>
        <source> · {start} 至 {end} 不可抽取</source>
        <translation> · unavailable {start} to {end}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/officers.py" line="205"/>
        <source>已保存 {name} 的修改。</source>
        <translation>Changes to {name} saved.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/officers.py" line="220"/>
        <source>对这名执法人员的修改还没有保存。放弃这些修改吗？</source>
        <translation>The changes to this officer are not saved yet. Discard them?</translation>
    </message>
</context>
<context>
    <name>OptionalDateEdit</name>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="113"/>
        <source>不限</source>
        <translation>Any</translation>
    </message>
</context>
<context>
    <name>PermitCalendarDialog</name>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit_calendar.py" line="97"/>
        <source>执行报告与许可证延续 — {name}</source>
        <translation>Execution reports and renewal — {name}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit_calendar.py" line="99"/>
        <source>排污许可到期事项</source>
        <translation>Discharge permits: what falls due</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit_calendar.py" line="102"/>
        <source>{d} 天内到期或已逾期的执行报告和许可证延续申请。选中一行按 Enter（或双击）记录企业的提交情况；记录错了可再次记录更正。</source>
        <translation>Execution reports and permit renewals due within {d} days or overdue. Select a row and press Enter (or double-click) to record what the enterprise submitted; record again to correct a mistake.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit_calendar.py" line="108"/>
        <source>同时显示已记录提交的（可更正）</source>
        <translation>Also show those recorded as submitted (to correct them)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit_calendar.py" line="117"/>
        <source>截止日期</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit_calendar.py" line="118"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit_calendar.py" line="119"/>
        <source>企业</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit_calendar.py" line="120"/>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit_calendar.py" line="121"/>
        <source>报告期</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit_calendar.py" line="122"/>
        <source>已记录</source>
        <translation>Recorded</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit_calendar.py" line="123"/>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit_calendar.py" line="130"/>
        <source>记录提交情况…</source>
        <translation>Record submission…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit_calendar.py" line="165"/>
        <source>（核查日期 {day}）</source>
        <translation> (checked {day})</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit_calendar.py" line="172"/>
        <source>未记录</source>
        <translation>Not recorded</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit_calendar.py" line="181"/>
        <source>没有需要记录的事项。</source>
        <translation>Nothing to record.</translation>
    </message>
</context>
<context>
    <name>PermitDialog</name>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit.py" line="56"/>
        <source>排污许可证</source>
        <translation>Discharge permit</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit.py" line="61"/>
        <source>22 位，例如 91130200699229617X001P</source>
        <translation>22 characters, e.g. 91130200699229617X001P</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit.py" line="92"/>
        <source>排放口编号</source>
        <translation>Outlet code</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit.py" line="93"/>
        <source>排放口名称</source>
        <translation>Outlet name</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit.py" line="94"/>
        <source>废气/废水</source>
        <translation>Air/water</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit.py" line="95"/>
        <source>有组织/无组织</source>
        <translation>Organised/fugitive</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit.py" line="96"/>
        <source>污染物</source>
        <translation>Pollutant</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit.py" line="97"/>
        <source>许可排放浓度</source>
        <translation>Permitted concentration</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit.py" line="98"/>
        <source>浓度单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit.py" line="99"/>
        <source>许可年排放量（吨）</source>
        <translation>Permitted t/yr</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit.py" line="100"/>
        <source>自行监测频次</source>
        <translation>Self-monitoring</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit.py" line="106"/>
        <source>每行一项污染物；同一排放口的多项污染物各占一行，排放口编号相同。</source>
        <translation>One pollutant per row; an outlet with several pollutants has one row each, with the same outlet code.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit.py" line="108"/>
        <source>添加一行</source>
        <translation>Add row</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit.py" line="110"/>
        <source>删除所选行</source>
        <translation>Delete selected rows</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit.py" line="128"/>
        <source>状态：{status}</source>
        <translation>Status: {status}</translation>
    </message>
</context>
<context>
    <name>PermitStatusDialog</name>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit.py" line="224"/>
        <source>注销或撤销排污许可证</source>
        <translation>Cancel or revoke the discharge permit</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit.py" line="226"/>
        <source>排污许可证 {no} 将不再列入到期事项、走访计划和排污许可检查表；记录保留，可随时恢复为有效。</source>
        <translation>Permit {no} will leave the due list, the visit planning and the permit checklist; its record stays and can be put back in force at any time.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit.py" line="230"/>
        <source>恢复为有效</source>
        <translation>Put back in force</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit.py" line="232"/>
        <source>排污许可证 {no} 目前为：{status}。恢复为有效后，它重新列入到期事项和走访计划。</source>
        <translation>Permit {no} is now: {status}. Back in force, it returns to the due list and the visit planning.</translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message>
        <location filename="../../envhelp/gui/visit_editor/common.py" line="122"/>
        <source>删除照片 {name}</source>
        <translation>Remove photo {name}</translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <location filename="../../envhelp/gui/visit_editor/common.py" line="286"/>
        <source>照片说明：拍的是什么（如“危废间东侧围堰裂缝”）</source>
        <translation>Caption: what the photo shows (e.g. “crack in the east bund of the waste store”)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/common.py" line="289"/>
        <source>← 上一张</source>
        <translation>← Previous</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/common.py" line="291"/>
        <source>下一张 →</source>
        <translation>Next →</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/common.py" line="293"/>
        <source>删除照片（Delete）</source>
        <translation>Remove photo (Delete)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/common.py" line="325"/>
        <source>照片 — {name}</source>
        <translation>Photo — {name}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/common.py" line="338"/>
        <source>无法显示此文件：{name}</source>
        <translation>Cannot show this file: {name}</translation>
    </message>
</context>
<context>
    <name>ProblemDialog</name>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem.py" line="124"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem.py" line="129"/>
        <source>整改方案</source>
        <translation>Rectification plan</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem.py" line="130"/>
        <source>销号 / 撤销</source>
        <translation>Closed / cancelled</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem.py" line="141"/>
        <source>反弹：</source>
        <translation>Relapse:</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem.py" line="148"/>
        <location filename="../../envhelp/gui/dialogs/problem.py" line="373"/>
        <source>问题内容</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem.py" line="183"/>
        <source>保存修改</source>
        <translation>Save changes</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem.py" line="194"/>
        <source>处理记录</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem.py" line="254"/>
        <source>问题 — {name}</source>
        <translation>Problem — {name}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem.py" line="272"/>
        <source>{plan}（承诺 {day} 前完成）</source>
        <translation>{plan} (promised by {day})</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem.py" line="289"/>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem.py" line="298"/>
        <source>（无，{handling}）</source>
        <translation>(none, {handling})</translation>
    </message>
    <message numerus="yes">
        <location filename="../../envhelp/gui/dialogs/problem.py" line="305"/>
        <source>{day}（逾期 %n 天后销号）</source>
        <translation>
            <numerusform>{day} (closed %n day late)</numerusform>
            <numerusform>{day} (closed %n days late)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../envhelp/gui/dialogs/problem.py" line="309"/>
        <source>{day}（已逾期 %n 天）</source>
        <translation>
            <numerusform>{day} (%n day overdue)</numerusform>
            <numerusform>{day} (%n days overdue)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../envhelp/gui/dialogs/problem.py" line="312"/>
        <source>{day}（还剩 %n 天）</source>
        <translation>
            <numerusform>{day} (%n day left)</numerusform>
            <numerusform>{day} (%n days left)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem.py" line="411"/>
        <source>{field}：保留“{kept}”，未采用“{other}”（{who}）</source>
        <translation>{field}: kept “{kept}”, not used “{other}” ({who})</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem.py" line="422"/>
        <source>合并冲突</source>
        <translation>Merge conflict</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem.py" line="311"/>
        <source>{day}（今天到期）</source>
        <translation>{day} (due today)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem.py" line="318"/>
        <source>{day} 由 {officer} 核查，{method}：{note}</source>
        <translation>{day}, verified by {officer}, {method}: {note}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem.py" line="325"/>
        <source>复核走访：{visit}</source>
        <translation>Verifying visit: {visit}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem.py" line="330"/>
        <source>已撤销：{reason}</source>
        <translation>Cancelled: {reason}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem.py" line="336"/>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem.py" line="343"/>
        <source>是：同一检查项曾于 {day} 销号（点击查看原问题）</source>
        <translation>Yes: the same checklist item was closed on {day} (click to see that problem)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem.py" line="373"/>
        <source>问题内容（已销号或撤销的问题不能修改）</source>
        <translation>Problem (closed or cancelled problems cannot be edited)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem.py" line="386"/>
        <source>期限 {old} → {new}：{why}</source>
        <translation>Deadline {old} → {new}: {why}</translation>
    </message>
</context>
<context>
    <name>ProblemTableModel</name>
    <message>
        <location filename="../../envhelp/gui/models.py" line="451"/>
        <source>（已逾期）</source>
        <translation> (overdue)</translation>
    </message>
</context>
<context>
    <name>ProblemsPage</name>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="164"/>
        <source>搜索企业名称、信用代码、拼音首字母或问题描述</source>
        <translation>Search enterprise name, credit code, pinyin initials or description</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="173"/>
        <source>全部状态</source>
        <translation>All states</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="174"/>
        <source>未销号（待整改+整改中）</source>
        <translation>Not closed (open + rectifying)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="177"/>
        <source>不含已撤销</source>
        <translation>All but cancelled</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="181"/>
        <source>只看逾期</source>
        <translation>Overdue only</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="184"/>
        <source>全部镇街</source>
        <translation>All towns</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="185"/>
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="188"/>
        <source>全部程度</source>
        <translation>All severities</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="191"/>
        <source>全部执法人员</source>
        <translation>All officers</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="192"/>
        <source>发现问题那次走访的执法人员</source>
        <translation>Officers of the visit where the problem was found</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="209"/>
        <source>点击取消按企业筛选</source>
        <translation>Click to stop filtering by enterprise</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="224"/>
        <source>清除筛选</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="227"/>
        <source>查看/处理…</source>
        <translation>Open…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="229"/>
        <source>打开选中的问题（Enter 或双击）</source>
        <translation>Open the selected problem (Enter or double-click)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="231"/>
        <source>导出 Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="233"/>
        <source>按当前筛选条件导出问题台账</source>
        <translation>Export the ledger with the current filters</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="265"/>
        <source>发现日期</source>
        <translation>Found</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="271"/>
        <source>整改期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="281"/>
        <source>红色：已超过整改期限</source>
        <translation>Red: past the deadline</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="438"/>
        <source>没有符合条件的问题（“清除筛选”显示全部）。问题在走访中登记：检查项标为“不符合”后，在走访的“问题”页按 Enter 登记。</source>
        <translation>No problem matches (“Clear filters” shows them all). Problems are recorded during visits: mark an item non-compliant, then press Enter on the visit&apos;s Problems tab.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../envhelp/gui/pages/problems.py" line="504"/>
        <source>正在导出 %n 条问题到 {name}…</source>
        <translation>
            <numerusform>Exporting %n problem to {name}…</numerusform>
            <numerusform>Exporting %n problems to {name}…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../envhelp/gui/pages/problems.py" line="517"/>
        <source>已导出 %n 条问题：
{path}</source>
        <translation>
            <numerusform>Exported %n problem:
{path}</numerusform>
            <numerusform>Exported %n problems:
{path}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/__init__.py" line="38"/>
        <source>问题台账</source>
        <translation>Problems</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="386"/>
        <source>企业：{name} ✕</source>
        <translation>Enterprise: {name} ✕</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="482"/>
        <source>问题台账_{day}.xlsx</source>
        <translation>problem-ledger_{day}.xlsx</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="480"/>
        <location filename="../../envhelp/gui/pages/problems.py" line="503"/>
        <source>导出问题台账</source>
        <translation>Export problem ledger</translation>
    </message>
    <message numerus="yes">
        <location filename="../../envhelp/gui/pages/problems.py" line="432"/>
        <source>共 %n 条</source>
        <translation>
            <numerusform>%n problem</numerusform>
            <numerusform>%n problems</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../envhelp/gui/pages/problems.py" line="433"/>
        <source>，逾期 %n 条</source>
        <translation>
            <numerusform>, %n overdue</numerusform>
            <numerusform>, %n overdue</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="483"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="522"/>
        <source>导出失败</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="528"/>
        <source>导出已取消，未生成文件。</source>
        <translation>Export cancelled; no file was written.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="214"/>
        <source>点击取消按销号日期筛选</source>
        <translation>Click to stop filtering by close-out date</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="217"/>
        <source>仅定稿走访或无走访的问题 ✕</source>
        <translation>Only problems of final visits or without a visit ✕</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="220"/>
        <source>与统计口径一致：草稿走访中的问题不计入。点击取消此筛选</source>
        <translation>As the figures count them: problems of draft visits are left out. Click to remove this filter</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="395"/>
        <source>不限</source>
        <translation>Any</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/problems.py" line="397"/>
        <source>销号日期：{start} – {end} ✕</source>
        <translation>Closed out: {start} – {end} ✕</translation>
    </message>
</context>
<context>
    <name>ProblemsPanel</name>
    <message>
        <location filename="../../envhelp/gui/visit_editor/problems_panel.py" line="118"/>
        <source>登记问题</source>
        <translation>Record problem</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/problems_panel.py" line="121"/>
        <source>把选中的建议登记为问题（Ctrl+R，或在列表中按 Enter）</source>
        <translation>Record the selected proposal as a problem (Ctrl+R, or Enter in the list)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/problems_panel.py" line="124"/>
        <source>不登记</source>
        <translation>Do not record</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/problems_panel.py" line="126"/>
        <source>该不符合项不作为问题登记（例如已当场说明）</source>
        <translation>Do not record this non-compliant item as a problem</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/problems_panel.py" line="128"/>
        <source>新增其他问题</source>
        <translation>Add other problem</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/problems_panel.py" line="130"/>
        <source>登记不来自检查表的问题（Ctrl+Shift+N）</source>
        <translation>Record a problem that is not from the checklist (Ctrl+Shift+N)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/problems_panel.py" line="136"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/problems_panel.py" line="250"/>
        <location filename="../../envhelp/gui/visit_editor/problems_panel.py" line="258"/>
        <source>其他问题</source>
        <translation>Other problem</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/problems_panel.py" line="251"/>
        <source>【待登记】{label}&#x3000;{text}</source>
        <translation>[to record] {label}  {text}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/problems_panel.py" line="259"/>
        <source>【已登记】{label}&#x3000;{text}&#x3000;期限 {deadline}</source>
        <translation>[recorded] {label}  {text}  deadline {deadline}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../envhelp/gui/visit_editor/problems_panel.py" line="385"/>
        <source>已登记 %n 条问题。</source>
        <translation>
            <numerusform>%n problem recorded.</numerusform>
            <numerusform>%n problems recorded.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/problems_panel.py" line="389"/>
        <source>待登记 {pending} 条，已登记 {done} 条。选中后按 Enter 或 Ctrl+R 登记；可先在右侧修改。</source>
        <translation>{pending} to record, {done} recorded. Select one and press Enter or Ctrl+R; edit it on the right first if needed.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/problems_panel.py" line="287"/>
        <source>已登记（{status}）</source>
        <translation>Recorded ({status})</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/problems_panel.py" line="295"/>
        <source>检查项 {code}，发现日期 {found}</source>
        <translation>Item {code}, found {found}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/problems_panel.py" line="299"/>
        <source>不来自检查表，发现日期 {found}</source>
        <translation>Not from the checklist, found {found}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/problems_panel.py" line="302"/>
        <source>没有问题。检查项标为“不符合”时会在这里生成建议。</source>
        <translation>No problems. Marking an item non-compliant proposes one here.</translation>
    </message>
</context>
<context>
    <name>RandomChecksPage</name>
    <message>
        <location filename="../../envhelp/gui/pages/__init__.py" line="40"/>
        <source>双随机</source>
        <translation>Random checks</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/random_checks.py" line="110"/>
        <source>双随机抽查</source>
        <translation>Random inspections</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/random_checks.py" line="114"/>
        <source>抽取…</source>
        <translation>Draw…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/random_checks.py" line="116"/>
        <source>开始检查</source>
        <translation>Start inspection</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/random_checks.py" line="119"/>
        <source>期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/random_checks.py" line="136"/>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/random_checks.py" line="137"/>
        <source>企业</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/random_checks.py" line="138"/>
        <source>类别</source>
        <translation>Class</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/random_checks.py" line="139"/>
        <source>执法人员</source>
        <translation>Officers</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/random_checks.py" line="140"/>
        <source>检查</source>
        <translation>Inspection</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/random_checks.py" line="172"/>
        <source>还没有抽查计划。点“抽取…”按比例随机抽取企业和执法人员。</source>
        <translation>No plan yet. Click “Draw…” to draw enterprises and officers by the quotas.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/random_checks.py" line="177"/>
        <source>{n} 项任务；抽查比例 {quotas}；随机种子 {seed}</source>
        <translation>{n} task(s); quotas {quotas}; seed {seed}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/random_checks.py" line="185"/>
        <source>未开始</source>
        <translation>Not started</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/random_checks.py" line="187"/>
        <source>（草稿）</source>
        <translation> (draft)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/random_checks.py" line="207"/>
        <source>抽取完成</source>
        <translation>Drawn</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/random_checks.py" line="209"/>
        <source>{period} 抽取了 {n} 项任务，随机种子 {seed}（已记录，可据此复核）。</source>
        <translation>{period}: {n} task(s) drawn, seed {seed} (recorded, so the draw can be checked).</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/random_checks.py" line="234"/>
        <source>不能开始检查</source>
        <translation>Cannot start the inspection</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/random_checks.py" line="236"/>
        <source>超出年度检查上限</source>
        <translation>Over the yearly cap</translation>
    </message>
</context>
<context>
    <name>ReadOnly</name>
    <message>
        <location filename="../../envhelp/gui/widgets.py" line="165"/>
        <source>数据库以只读方式打开，不能修改</source>
        <translation>The database is open read-only: changes cannot be made</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem_actions.py" line="414"/>
        <source>撤销仅用于登记错误的问题；撤销后不计入统计。</source>
        <translation>Cancel only problems recorded in error; cancelled problems are not counted.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/problem_actions.py" line="416"/>
        <source>重新打开后，原销号或撤销信息将清除（历史记录中仍保留）。</source>
        <translation>Reopening clears the close-out or cancellation (the history keeps it).</translation>
    </message>
</context>
<context>
    <name>ReportRecordDialog</name>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit_calendar.py" line="210"/>
        <source>记录提交情况</source>
        <translation>Record submission</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/permit_calendar.py" line="213"/>
        <source>{enterprise}&#x3000;{kind} {period}
排污许可证 {no}，截止 {due}</source>
        <translation>{enterprise}  {kind} {period}
Permit {no}, due {due}</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../envhelp/gui/pages/__init__.py" line="39"/>
        <source>报表</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="155"/>
        <source>导出月度汇总…</source>
        <translation>Export monthly summary…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="157"/>
        <source>把本月的汇总表保存为 Excel 工作簿</source>
        <translation>Save this month&apos;s summary as an Excel workbook</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="159"/>
        <source>导出本月走访记录 PDF…</source>
        <translation>Export month&apos;s PDF records…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="162"/>
        <source>把本月每次已定稿走访的记录导出为 PDF，保存到所选文件夹</source>
        <translation>Save the record of every final visit of the month as a PDF in a folder you choose</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="169"/>
        <source>指标</source>
        <translation>Figure</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="169"/>
        <location filename="../../envhelp/gui/pages/reports.py" line="187"/>
        <location filename="../../envhelp/gui/pages/reports.py" line="472"/>
        <source>本月</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="169"/>
        <location filename="../../envhelp/gui/pages/reports.py" line="187"/>
        <location filename="../../envhelp/gui/pages/reports.py" line="473"/>
        <source>本年累计</source>
        <translation>Year to date</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="187"/>
        <source>检查要求</source>
        <translation>Requirement</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="200"/>
        <source>约数（“余”）</source>
        <translation>Rounded (&quot;more than&quot;)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="204"/>
        <source>10 以上的数字写成“50余”“140余”（整十、整百时照写原数）；导出的汇总表也用此写法</source>
        <translation>Counts of 10 and more read “more than 50”, “more than 140” (round numbers stay exact); the exported workbook uses the same wording</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="208"/>
        <source>复制</source>
        <translation>Copy</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="210"/>
        <source>复制这两段文字，粘贴到工作报告</source>
        <translation>Copy both paragraphs to paste into a work report</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="218"/>
        <source>各镇街走访次数</source>
        <translation>Visits by town</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="219"/>
        <source>各月发现与销号问题</source>
        <translation>Problems found and closed by month</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="226"/>
        <source>月份：</source>
        <translation>Month:</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="234"/>
        <source>主要数字</source>
        <translation>Headline figures</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="237"/>
        <source>不符合次数最多的检查要求（本年）</source>
        <translation>Requirements failed most (year to date)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="240"/>
        <source>图表</source>
        <translation>Chart</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="248"/>
        <source>工作报告用语</source>
        <translation>Text for the work report</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="330"/>
        <source>正在计算 {month} 的数字…</source>
        <translation>Computing the figures of {month}…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="355"/>
        <source>本月：{start} 至 {end}；本年累计：{year_start} 起</source>
        <translation>Month: {start} to {end}; year to date: from {year_start}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="369"/>
        <source>无法计算：{error}</source>
        <translation>Could not compute the figures: {error}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="450"/>
        <source>已复制工作报告用语。</source>
        <translation>Text for the work report copied.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="458"/>
        <source>{year}年各月发现与销号问题（个）</source>
        <translation>Problems found and closed per month, {year}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="461"/>
        <source>发现问题</source>
        <translation>Found</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="462"/>
        <source>销号问题</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="464"/>
        <source>本年还没有问题记录</source>
        <translation>No problems recorded this year yet</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="469"/>
        <source>各镇街走访次数（次）</source>
        <translation>Visits by town</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="475"/>
        <source>本年还没有已定稿的走访</source>
        <translation>No final visits this year yet</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="487"/>
        <source>{year}年{month}月帮扶工作汇总.xlsx</source>
        <translation>Assistance summary {year}-{month}.xlsx</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="485"/>
        <location filename="../../envhelp/gui/pages/reports.py" line="507"/>
        <source>导出月度汇总</source>
        <translation>Export monthly summary</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="142"/>
        <source>统计月份：↑↓ 换月，可直接输入如 202612；默认本月（月初几天为上月）</source>
        <translation>Month to report: ↑↓ change the month, or type one such as 202612; this month by default (last month in the first days of a month)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="488"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="508"/>
        <source>正在导出 {month} 的月度汇总到 {name}…</source>
        <translation>Exporting the summary of {month} to {name}…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="518"/>
        <source>月度汇总已保存：
{path}</source>
        <translation>Monthly summary saved:
{path}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="523"/>
        <source>导出失败</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="527"/>
        <source>导出已取消，未生成文件。</source>
        <translation>Export cancelled; no file was written.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="540"/>
        <source>导出走访记录 PDF</source>
        <translation>Export visit records as PDF</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/reports.py" line="541"/>
        <source>{month} 没有已定稿的走访记录。</source>
        <translation>{month} has no final visit records.</translation>
    </message>
</context>
<context>
    <name>ScopeBar</name>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_scope.py" line="27"/>
        <source>检查范围：</source>
        <translation>Scope:</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_scope.py" line="30"/>
        <source>企业现有的贮存设施类型和危废管理类别；只适用于其他类型的检查项自动标为“不适用”，已作答的项不变。新检查表沿用该企业上次的范围。</source>
        <translation>The enterprise&apos;s storage facility types and HW management class. Items that concern other kinds of site are marked “not applicable”; answered items are kept. A new checklist takes the enterprise&apos;s last scope.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_scope.py" line="43"/>
        <source>危废管理类别：</source>
        <translation>HW management class:</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_scope.py" line="48"/>
        <source>HJ 1259-2022 按生产场所划分：年产生危废≥100 吨、自建利用处置设施或持有经营许可证的为重点监管单位；其余≥10 吨/年为简化管理单位，&lt;10 吨/年为登记管理单位</source>
        <translation>HJ 1259-2022, per production site: key-supervised if it generates ≥100 t of hazardous waste a year, runs its own utilisation or disposal facility, or holds a business licence; otherwise simplified management at ≥10 t a year, registration below 10 t</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_scope.py" line="53"/>
        <source>未设定</source>
        <translation>Not set</translation>
    </message>
</context>
<context>
    <name>ScoreLine</name>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_scoring.py" line="63"/>
        <source>得分 {score}/{maximum}（{percent}）</source>
        <translation>Score {score}/{maximum} ({percent})</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_scoring.py" line="69"/>
        <source>&#x3000;判定：</source>
        <translation>  Verdict: </translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_scoring.py" line="71"/>
        <source>&#x3000;否决项：{codes}</source>
        <translation>  Veto items: {codes}</translation>
    </message>
</context>
<context>
    <name>SelfAssessmentForms</name>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_self_assessment.py" line="34"/>
        <source>当前检查表不计分，没有企业自评表。</source>
        <translation>This checklist is not scored; it has no self-assessment form.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_self_assessment.py" line="38"/>
        <source>导出企业自评表</source>
        <translation>Export self-assessment form</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_self_assessment.py" line="40"/>
        <source>{title}（企业自评）.xlsx</source>
        <translation>{title} (self-assessment).xlsx</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_self_assessment.py" line="41"/>
        <location filename="../../envhelp/gui/visit_editor/checklist_self_assessment.py" line="62"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_self_assessment.py" line="60"/>
        <source>导入企业自评</source>
        <translation>Import self-assessment</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_self_assessment.py" line="82"/>
        <source>已导入企业自评 {n} 项，逐项按 Enter 确认。</source>
        <translation>Imported {n} self-assessed item(s); confirm each with Enter.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/checklist_self_assessment.py" line="86"/>
        <source>已作答或已有建议的 {n} 项未改动。</source>
        <translation> {n} item(s) already answered or suggested were left alone.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../envhelp/gui/dialogs/settings.py" line="68"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/settings.py" line="71"/>
        <source>当前执法人员</source>
        <translation>Current officer</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/settings.py" line="83"/>
        <source>添加执法人员</source>
        <translation>Add an officer</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/settings.py" line="92"/>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/settings.py" line="112"/>
        <source>记录编号系列</source>
        <translation>Record number series</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/settings.py" line="110"/>
        <source>例如 A（留空表示不使用系列）</source>
        <translation>e.g. A (leave empty for no series)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/settings.py" line="114"/>
        <source>多台电脑合并数据时，每台电脑设置不同的编号系列，避免记录编号重复</source>
        <translation>When several computers merge their data, give each computer its own series so that record numbers never repeat</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/settings.py" line="124"/>
        <source>危废贮存期限</source>
        <translation>Hazardous-waste storage limit</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/settings.py" line="120"/>
        <source> 天</source>
        <translation> days</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/settings.py" line="74"/>
        <source>管理执法人员…</source>
        <translation>Manage officers…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/settings.py" line="76"/>
        <source>修改姓名、执法证号，设置不在岗或不可抽取的日期</source>
        <translation>Correct names and certificate numbers, mark officers out of service or unavailable</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/settings.py" line="121"/>
        <source>按检查表模板</source>
        <translation>As in the checklist template</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/settings.py" line="127"/>
        <source>本辖区对产生单位贮存危险废物的期限，用于“测算”贮存时间；选“按检查表模板”则用模板中的期限（GB 18597 模板为 365 天）</source>
        <translation>How long generators in this district may store hazardous waste, used when measuring storage time. “As in the checklist template” uses the template&apos;s limit (365 days in the GB 18597 template).</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/settings.py" line="132"/>
        <source>界面语言</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/settings.py" line="158"/>
        <source>执法人员与本机</source>
        <translation>Officers and this computer</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/settings.py" line="159"/>
        <source>本单位与文书</source>
        <translation>Bureau and documents</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/settings.py" line="160"/>
        <source>检查频次与双随机</source>
        <translation>Inspection caps and random checks</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/settings.py" line="194"/>
        <source>（未选择）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/settings.py" line="226"/>
        <source>已添加 {name}。当前执法人员仍为上方所选，如需更换请在上方选择。</source>
        <translation>{name} added. The current officer is still the one chosen above; choose there to change it.</translation>
    </message>
</context>
<context>
    <name>SigningKeysDialog</name>
    <message>
        <location filename="../../envhelp/gui/dialogs/keys.py" line="41"/>
        <source>签名密钥</source>
        <translation>Signing keys</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/keys.py" line="46"/>
        <source>交换包由导出它的电脑签名。收到同事的第一个交换包时，请与对方当面或电话核对指纹后再信任该密钥；撤销后，该密钥签名的交换包都会被拒绝。</source>
        <translation>Bundles are signed by the computer that exports them. When the first bundle from a colleague arrives, compare the fingerprint with them in person or by phone before you trust the key; once a key is revoked, every bundle signed with it is refused.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/keys.py" line="55"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/keys.py" line="56"/>
        <source>签名人</source>
        <translation>Signer</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/keys.py" line="57"/>
        <source>电脑</source>
        <translation>Computer</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/keys.py" line="58"/>
        <source>指纹</source>
        <translation>Fingerprint</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/keys.py" line="59"/>
        <source>首次收到</source>
        <translation>First received</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/keys.py" line="77"/>
        <source>信任(&amp;T)</source>
        <translation>&amp;Trust</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/keys.py" line="78"/>
        <source>撤销(&amp;R)</source>
        <translation>&amp;Revoke</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/keys.py" line="95"/>
        <source>本机</source>
        <translation>This computer</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/keys.py" line="96"/>
        <source>已信任</source>
        <translation>Trusted</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/keys.py" line="97"/>
        <source>已撤销</source>
        <translation>Revoked</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/keys.py" line="98"/>
        <source>未信任</source>
        <translation>Not trusted yet</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../envhelp/gui/app.py" line="104"/>
        <source>此版本尚未包含演示数据生成器（envhelp.demo），已创建空数据库。</source>
        <translation>This version does not include the demo data generator (envhelp.demo) yet; an empty database was created.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/app.py" line="125"/>
        <source>正在生成演示数据（40 家企业、一年的走访）…</source>
        <translation>Making the demo data (40 enterprises, a year of visits)…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/app.py" line="130"/>
        <source>已取消生成演示数据，数据库为空。</source>
        <translation>Demo data cancelled; the database is empty.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/app.py" line="140"/>
        <source>首次使用 EnvHelp</source>
        <translation>Welcome to EnvHelp</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/app.py" line="141"/>
        <source>在以下位置还没有数据库：</source>
        <translation>There is no database at:</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/app.py" line="143"/>
        <source>可以新建一个空数据库，或者新建并填入演示数据以便熟悉软件。</source>
        <translation>Create an empty database, or create one filled with demo data to get to know the app.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/app.py" line="148"/>
        <source>新建空数据库</source>
        <translation>Create empty database</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/app.py" line="151"/>
        <source>使用演示数据</source>
        <translation>Use demo data</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/app.py" line="153"/>
        <location filename="../../envhelp/gui/startup.py" line="119"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/app.py" line="124"/>
        <location filename="../../envhelp/gui/app.py" line="186"/>
        <source>演示数据</source>
        <translation>Demo data</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/startup.py" line="88"/>
        <source>另一个窗口关闭后点“重试”。也可以先以只读方式打开：只能查看，不能修改。</source>
        <translation>Press &quot;Retry&quot; once the other window is closed. Or open it read-only for now: you can look but not change anything.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/startup.py" line="91"/>
        <source>文件所在位置不能写入（如光盘或写保护的 U 盘）。可以只读方式打开查看，或把文件复制到可写的文件夹后选择那份副本。</source>
        <translation>The file is somewhere that cannot be written (a CD, a write-protected USB stick). Open it read-only to look, or copy it to a writable folder and choose that copy.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/startup.py" line="96"/>
        <source>请检查 U 盘等存储设备是否已插好，然后选择数据库文件；也可以从备份恢复。</source>
        <translation>Check that the USB stick (or other drive) is plugged in, then choose the database file; or restore it from a backup.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/startup.py" line="99"/>
        <source>可以从自动备份恢复（损坏的文件会原样另存一份，不会删除），或选择另一个数据库文件。</source>
        <translation>Restore it from an automatic backup (the damaged file is kept as it is, not deleted), or choose another database file.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/startup.py" line="103"/>
        <source>请安装新版本的 EnvHelp 后再打开此数据库。</source>
        <translation>Install the newer version of EnvHelp to open this database.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/startup.py" line="104"/>
        <source>请把文件复制到可写的文件夹，然后选择那份副本，软件会自动升级它。</source>
        <translation>Copy the file to a writable folder and choose that copy; EnvHelp upgrades it automatically.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/startup.py" line="107"/>
        <source>请选择一个可以写入的位置或已有的数据库文件。</source>
        <translation>Choose a place you can write to, or an existing database file.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/startup.py" line="108"/>
        <source>可以重试，或选择另一个数据库文件。</source>
        <translation>Try again, or choose another database file.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/startup.py" line="115"/>
        <source>重试</source>
        <translation>Retry</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/startup.py" line="116"/>
        <source>以只读方式打开</source>
        <translation>Open read-only</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/startup.py" line="117"/>
        <source>从备份恢复…</source>
        <translation>Restore from backup…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/startup.py" line="118"/>
        <source>选择其他数据库…</source>
        <translation>Choose another database…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/startup.py" line="119"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/startup.py" line="142"/>
        <source>无法打开数据库</source>
        <translation>Cannot open the database</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/startup.py" line="177"/>
        <source>选择数据库文件</source>
        <translation>Choose a database file</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/startup.py" line="179"/>
        <location filename="../../envhelp/gui/startup.py" line="276"/>
        <source>EnvHelp 数据库 (*.sqlite3 *.db);;所有文件 (*)</source>
        <translation>EnvHelp databases (*.sqlite3 *.db);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/startup.py" line="211"/>
        <source>已从备份恢复：{backup}</source>
        <translation>Restored from backup: {backup}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/startup.py" line="213"/>
        <source>原来的（损坏的）数据库文件已保留为：{path}</source>
        <translation>The previous (damaged) database file is kept as: {path}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/startup.py" line="216"/>
        <source>已恢复</source>
        <translation>Restored</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/startup.py" line="274"/>
        <location filename="../../envhelp/gui/startup.py" line="286"/>
        <source>新建数据库</source>
        <translation>New database</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/startup.py" line="287"/>
        <source>文件已存在：{path}
要使用它，请选择“文件 → 打开数据库…”。</source>
        <translation>The file already exists: {path}
To use it, choose &quot;File → Open database…&quot;.</translation>
    </message>
</context>
<context>
    <name>TemplatesDialog</name>
    <message>
        <location filename="../../envhelp/gui/dialogs/templates.py" line="46"/>
        <source>检查表模板</source>
        <translation>Checklist templates</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/templates.py" line="51"/>
        <source>检查表模板是 JSON 文件（格式见 docs/checklists.md）。已存档的版本不会被修改；要改动模板，请在文件中提高 version 后再导入。</source>
        <translation>A checklist template is a JSON file (format in docs/checklists.md). A stored version never changes; to change a template, raise its version in the file and import it again.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/templates.py" line="60"/>
        <source>模板编号</source>
        <translation>Template id</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/templates.py" line="61"/>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/templates.py" line="62"/>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/templates.py" line="63"/>
        <source>依据标准</source>
        <translation>Standard</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/templates.py" line="64"/>
        <source>检查项</source>
        <translation>Items</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/templates.py" line="65"/>
        <source>导入时间</source>
        <translation>Imported</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/templates.py" line="93"/>
        <source>导入(&amp;I)…</source>
        <translation>&amp;Import…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/templates.py" line="98"/>
        <source>导出(&amp;E)…</source>
        <translation>&amp;Export…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/templates.py" line="101"/>
        <source>把所选模板存为 JSON 文件：修改后提高 version，再导入为本单位的版本</source>
        <translation>Save the selected template as a JSON file: edit it, raise its version, and import it as your bureau&apos;s own version</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/templates.py" line="144"/>
        <source>再显示 {n} 个</source>
        <translation>Show {n} more</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/templates.py" line="162"/>
        <source>导入检查表模板</source>
        <translation>Import checklist template</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/templates.py" line="164"/>
        <source>检查表模板 (*.json);;所有文件 (*)</source>
        <translation>Checklist templates (*.json);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/templates.py" line="182"/>
        <source>请先在列表中选择要导出的模板。</source>
        <translation>Select the template to export in the list first.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/templates.py" line="187"/>
        <source>导出检查表模板</source>
        <translation>Export checklist template</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/templates.py" line="190"/>
        <source>检查表模板 (*.json)</source>
        <translation>Checklist templates (*.json)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/templates.py" line="201"/>
        <source>已导出到 {path}。修改后请提高 version，再用“导入”存为新版本。</source>
        <translation>Exported to {path}. After editing it, raise its version and use “Import” to store it as a new version.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/templates.py" line="216"/>
        <source>已导入模板 {id} 版本 {version}。</source>
        <translation>Imported template {id} version {version}.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/dialogs/templates.py" line="218"/>
        <source>模板 {id} 版本 {version} 已存在且内容相同，未作改动。</source>
        <translation>Template {id} version {version} is already stored with the same content; nothing changed.</translation>
    </message>
</context>
<context>
    <name>VisitEditor</name>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="139"/>
        <source>回头看结论已应用。</source>
        <translation>Follow-up decisions applied.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="148"/>
        <source>添加走访照片…</source>
        <translation>Add visit photo…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="151"/>
        <source>添加现场照片（Ctrl+Shift+P，也可拖入文件）；F2 编辑说明</source>
        <translation>Add site photos (Ctrl+Shift+P, or drop files); F2 edits the caption</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="157"/>
        <source>走访现场照片（不属于某一检查项）。选中后按 F2 编辑说明。</source>
        <translation>Photos of the visit (not of one item). Select one and press F2 to edit its caption.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="169"/>
        <source>基本信息</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="170"/>
        <source>检查表</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="171"/>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="172"/>
        <source>回头看</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="173"/>
        <source>照片</source>
        <translation>Photos</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="174"/>
        <source>修正记录</source>
        <translation>Amendments</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="184"/>
        <source>定稿…</source>
        <translation>Finalize…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="186"/>
        <source>检查是否完整并定稿（Ctrl+Enter）</source>
        <translation>Check completeness and finalize (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="188"/>
        <source>修正…</source>
        <translation>Amend…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="190"/>
        <source>更正定稿记录，须说明原因</source>
        <translation>Correct the final record (a reason is required)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="210"/>
        <source>走访(&amp;V)</source>
        <translation>&amp;Visit</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="212"/>
        <source>立即保存(&amp;S)</source>
        <translation>&amp;Save now</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="214"/>
        <source>定稿(&amp;F)…</source>
        <translation>&amp;Finalize…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="216"/>
        <source>修正(&amp;A)…</source>
        <translation>&amp;Amend…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="224"/>
        <source>整改告知书(&amp;N)…</source>
        <translation>Rectification &amp;notice…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="230"/>
        <source>责令改正违法行为决定书(&amp;O)…</source>
        <translation>&amp;Order to correct…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="234"/>
        <source>送达回证(&amp;R)</source>
        <translation>Proof of delivery (&amp;R)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="237"/>
        <source>整改告知书的送达回证(&amp;N)…</source>
        <translation>Of the rectification &amp;notice…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="243"/>
        <source>责令改正决定书的送达回证(&amp;O)…</source>
        <translation>Of the &amp;order to correct…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="248"/>
        <source>关闭(&amp;C)</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="250"/>
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="251"/>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="253"/>
        <source>重做</source>
        <translation>Redo</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="258"/>
        <source>检查表(&amp;K)</source>
        <translation>Chec&amp;klist</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="261"/>
        <source>添加检查表(&amp;T)</source>
        <translation>Add check (&amp;T)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="264"/>
        <source>复制上次结果(&amp;C)</source>
        <translation>&amp;Copy previous answers</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="272"/>
        <source>导入企业自评(&amp;I)…</source>
        <translation>&amp;Import self-assessment…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="279"/>
        <source>导出企业自评表(&amp;F)…</source>
        <translation>Export self-assessment &amp;form…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="284"/>
        <source>只看未作答(&amp;U)</source>
        <translation>&amp;Unanswered only</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="289"/>
        <source>为当前项添加照片(&amp;P)…</source>
        <translation>Add &amp;photo to current item…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="294"/>
        <source>测算当前项(&amp;M)…</source>
        <translation>&amp;Measure current item…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="298"/>
        <source>问题(&amp;P)</source>
        <translation>&amp;Problems</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="301"/>
        <source>登记选中的问题(&amp;R)</source>
        <translation>&amp;Record selected problem</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="304"/>
        <source>新增其他问题(&amp;N)</source>
        <translation>Add other problem (&amp;N)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="307"/>
        <source>应用回头看结论(&amp;A)</source>
        <translation>&amp;Apply follow-up decisions</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="311"/>
        <source>添加走访照片(&amp;H)…</source>
        <translation>Add visit p&amp;hoto…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="318"/>
        <source>视图(&amp;W)</source>
        <translation>Vie&amp;w</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="370"/>
        <source>选择企业后草稿会自动保存。</source>
        <translation>The draft saves itself once an enterprise is chosen.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="398"/>
        <source>草稿已自动保存</source>
        <translation>Draft saved</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="398"/>
        <source>（有字段未通过校验，见红字）</source>
        <translation> (some fields were rejected: see the red text)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="412"/>
        <source>已有检查表，不能再更换企业</source>
        <translation>The visit has a check; the enterprise can no longer change</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="414"/>
        <source>没有修正记录。</source>
        <translation>No amendments.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="421"/>
        <source>新建走访记录</source>
        <translation>New visit</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="423"/>
        <source>新建走访：先选择企业（输入名称、信用代码或拼音首字母）</source>
        <translation>New visit: choose the enterprise first (name, credit code or pinyin initials)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="429"/>
        <source>已定稿 {no}</source>
        <translation>Final {no}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="431"/>
        <source>草稿（自动保存）</source>
        <translation>Draft (saved automatically)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="452"/>
        <source>问题（待登记 {p}）</source>
        <translation>Problems ({p} to record)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="454"/>
        <source>问题（{n}）</source>
        <translation>Problems ({n})</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="508"/>
        <source>添加走访照片</source>
        <translation>Add visit photos</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="510"/>
        <source>图片 (*.jpg *.jpeg *.png *.heic *.bmp *.gif);;所有文件 (*)</source>
        <translation>Images (*.jpg *.jpeg *.png *.heic *.bmp *.gif);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="542"/>
        <source>请选择企业。</source>
        <translation>Choose the enterprise.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="551"/>
        <source>还有 {n} 条问题建议未登记（在“问题”页登记或选择不登记）。</source>
        <translation>{n} proposed problem(s) not recorded yet (record or dismiss them on the Problems tab).</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="563"/>
        <source>无法定稿，还缺：</source>
        <translation>Cannot finalize yet; missing:</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="565"/>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="592"/>
        <source>无法定稿</source>
        <translation>Cannot finalize</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="569"/>
        <source>定稿后记录将被锁定，只能通过“修正”更正。</source>
        <translation>A final record is locked; it can then only be corrected by an amendment.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="574"/>
        <source>{title}：符合 {ok}，不符合 {bad}，符合率 {rate}</source>
        <translation>{title}: compliant {ok}, non-compliant {bad}, rate {rate}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="579"/>
        <source>将同时应用 {n} 条回头看结论。</source>
        <translation>{n} follow-up decision(s) will be applied as well.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="580"/>
        <source>确认定稿</source>
        <translation>Finalize the visit</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="598"/>
        <source>已定稿，记录编号 {no}</source>
        <translation>Finalized, record number {no}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="220"/>
        <source>导出PDF(&amp;E)…</source>
        <translation>&amp;Export PDF…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/window.py" line="640"/>
        <source>请先选择企业，走访记录保存后才能导出。</source>
        <translation>Choose the enterprise first; the visit can be exported once it is saved.</translation>
    </message>
</context>
<context>
    <name>VisitForm</name>
    <message>
        <location filename="../../envhelp/gui/visit_editor/form.py" line="173"/>
        <source>日期（Alt+↓ 打开日历）</source>
        <translation>Date (Alt+Down opens the calendar)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/form.py" line="184"/>
        <source>结束 HH:MM</source>
        <translation>End HH:MM</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/form.py" line="185"/>
        <source>检查结束时间（笔录写明起止时间）</source>
        <translation>When the inspection ended (the record states start and end)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/form.py" line="193"/>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/form.py" line="199"/>
        <source>留空即企业地址；可写到车间、贮存库</source>
        <translation>Empty: the enterprise&apos;s address; may name the workshop or store</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/form.py" line="204"/>
        <source>空格键勾选；现场检查须两名以上执法人员</source>
        <translation>Space ticks an officer; an on-site inspection needs two</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/form.py" line="213"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/form.py" line="217"/>
        <source>职务</source>
        <translation>Post</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/form.py" line="221"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/form.py" line="233"/>
        <source>（未指定，笔录上手写）</source>
        <translation>(not chosen: written on the record by hand)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/form.py" line="239"/>
        <source>见证人姓名（当事人拒签等情形，可空）</source>
        <translation>Witness&apos;s name (e.g. when the party refuses to sign; may be empty)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/form.py" line="244"/>
        <source>如：听清楚了，不申请回避。（留空则在笔录上手写）</source>
        <translation>E.g. “Understood; no officer asked to step aside.” (leave empty to write it on the record by hand)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/form.py" line="248"/>
        <source>检查开始时已出示执法证件，告知申请回避的权利和如实回答、配合检查的义务；记下当事人的答复</source>
        <translation>At the start the officers showed their certificates and told the party of its right to ask an officer to step aside and its duty to cooperate and answer truthfully; record the party&apos;s answer</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/form.py" line="267"/>
        <source>其他法律法规或标准，多项用；分隔</source>
        <translation>Other laws or standards, separated by ;</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/visit_editor/form.py" line="409"/>
        <source>仅当本次现场检查超出本省年度检查次数上限时填写</source>
        <translation>Only when this inspection goes over the province&apos;s yearly cap</translation>
    </message>
</context>
<context>
    <name>VisitsPage</name>
    <message>
        <location filename="../../envhelp/gui/pages/visits.py" line="90"/>
        <source>按月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/visits.py" line="101"/>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/visits.py" line="112"/>
        <source>新建走访</source>
        <translation>New visit</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/visits.py" line="114"/>
        <source>新建走访记录（Ctrl+N）</source>
        <translation>New visit (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/visits.py" line="116"/>
        <source>打开</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/visits.py" line="118"/>
        <source>打开选中的走访（Enter 或双击）</source>
        <translation>Open the selected visit (Enter or double-click)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/visits.py" line="120"/>
        <location filename="../../envhelp/gui/pages/visits.py" line="275"/>
        <source>删除草稿</source>
        <translation>Delete draft</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/visits.py" line="122"/>
        <source>删除选中的草稿（Delete）；已定稿的记录不能删除</source>
        <translation>Delete the selected draft (Delete); final records are never deleted</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/visits.py" line="140"/>
        <source>状态：</source>
        <translation>Status:</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/__init__.py" line="37"/>
        <source>走访</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/visits.py" line="108"/>
        <source>点击取消按走访日期筛选</source>
        <translation>Click to remove the visit date filter</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/visits.py" line="187"/>
        <source>走访日期：{start} – {end} ✕</source>
        <translation>Visit date: {start} – {end} ✕</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/visits.py" line="185"/>
        <source>不限</source>
        <translation>Any</translation>
    </message>
    <message numerus="yes">
        <location filename="../../envhelp/gui/pages/visits.py" line="213"/>
        <source>共 %n 次走访</source>
        <translation>
            <numerusform>%n visit</numerusform>
            <numerusform>%n visits</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../envhelp/gui/pages/visits.py" line="213"/>
        <source>，%n 家企业</source>
        <translation>
            <numerusform>, %n enterprise</numerusform>
            <numerusform>, %n enterprises</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/visits.py" line="218"/>
        <source>没有符合筛选条件的走访。</source>
        <translation>No visit matches the filters.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/visits.py" line="221"/>
        <source>还没有走访记录。按 Ctrl+N 新建走访：选企业，按 Ctrl+T 填检查表，登记问题后按 Ctrl+Enter 定稿。</source>
        <translation>No visits yet. Press Ctrl+N for a new visit: pick the enterprise, Ctrl+T for the checklist, record the problems, then Ctrl+Enter to finalize.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/visits.py" line="269"/>
        <location filename="../../envhelp/gui/pages/visits.py" line="288"/>
        <source>不能删除</source>
        <translation>Cannot delete</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/visits.py" line="270"/>
        <source>已定稿的走访记录不能删除，如需更正请使用“修正”。</source>
        <translation>A final visit cannot be deleted; use an amendment to correct it.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pages/visits.py" line="277"/>
        <source>删除 {date} 对 {name} 的走访草稿？其检查结果和问题一并删除，不能恢复。</source>
        <translation>Delete the draft visit of {date} to {name}? Its checks and problems are deleted too; this cannot be undone.</translation>
    </message>
</context>
<context>
    <name>pdf_export</name>
    <message>
        <location filename="../../envhelp/gui/pdf_export.py" line="62"/>
        <source>导出 PDF 失败</source>
        <translation>PDF export failed</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pdf_export.py" line="266"/>
        <location filename="../../envhelp/gui/pdf_export.py" line="280"/>
        <source>导出走访记录 PDF</source>
        <translation>Export visit records as PDF</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pdf_export.py" line="71"/>
        <source>走访记录</source>
        <translation>Visit record</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pdf_export.py" line="72"/>
        <source>整改告知书</source>
        <translation>Rectification notice</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pdf_export.py" line="73"/>
        <source>责令改正违法行为决定书</source>
        <translation>Order to correct</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pdf_export.py" line="74"/>
        <source>送达回证（整改告知书）</source>
        <translation>Proof of delivery (rectification notice)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pdf_export.py" line="75"/>
        <source>送达回证（责令改正决定书）</source>
        <translation>Proof of delivery (order to correct)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pdf_export.py" line="106"/>
        <source>导出{name} PDF</source>
        <translation>Export PDF: {name}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pdf_export.py" line="108"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pdf_export.py" line="164"/>
        <source>已保存：{path}</source>
        <translation>Saved: {path}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pdf_export.py" line="167"/>
        <source>PDF 已保存：
{path}</source>
        <translation>PDF saved:
{path}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pdf_export.py" line="172"/>
        <location filename="../../envhelp/gui/pdf_export.py" line="206"/>
        <source>导出 PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pdf_export.py" line="173"/>
        <source>正在生成 {name}…</source>
        <translation>Making {name}…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pdf_export.py" line="177"/>
        <source>已取消，未生成文件。</source>
        <translation>Cancelled; no file was written.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pdf_export.py" line="207"/>
        <source>请先在列表中选择一次走访。</source>
        <translation>Select a visit in the list first.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pdf_export.py" line="212"/>
        <source>导出PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pdf_export.py" line="214"/>
        <source>把选中的走访记录导出为 PDF 并打开</source>
        <translation>Save the selected visit&apos;s record as a PDF and open it</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pdf_export.py" line="216"/>
        <source>文书</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pdf_export.py" line="219"/>
        <source>为选中的走访出具整改告知书、责令改正决定书或送达回证</source>
        <translation>Issue the rectification notice, the order to correct or a proof of delivery for the selected visit</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pdf_export.py" line="232"/>
        <source>选择保存 {month} 走访记录 PDF 的文件夹</source>
        <translation>Choose a folder for the visit record PDFs of {month}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pdf_export.py" line="267"/>
        <source>正在导出 {month} 的走访记录到 {folder}…</source>
        <translation>Exporting the visit records of {month} to {folder}…</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pdf_export.py" line="283"/>
        <source>{month} 没有已定稿的走访记录，未生成文件。</source>
        <translation>{month} has no final visit records; no file was written.</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pdf_export.py" line="289"/>
        <source>已取消：已导出 {done} / {total} 份走访记录（已生成的文件保留）：
{folder}</source>
        <translation>Cancelled: {done} of {total} visit records exported (the files written are kept):
{folder}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pdf_export.py" line="296"/>
        <source>已导出 {n} 份走访记录：
{folder}</source>
        <translation>Visit records exported: {n}
{folder}</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pdf_export.py" line="303"/>
        <source>打开文件夹</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/pdf_export.py" line="305"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>tasks</name>
    <message>
        <location filename="../../envhelp/gui/tasks.py" line="240"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../envhelp/gui/tasks.py" line="259"/>
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
</context>
</TS>
