<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AppController</name>
    <message>
        <source>No PBX is configured yet, so screenpop is showing calls from its built-in demo PBX. Open Settings to connect your MyPBX.</source>
        <translation>尚未配置电话交换机，screenpop 正在显示内置演示交换机的来电。请打开“设置”连接您的 MyPBX。</translation>
    </message>
    <message>
        <source>No system keyring was found, so the secret is asked at each start and never saved.</source>
        <translation>未找到系统密钥环，因此每次启动时都会询问密码，且不会保存。</translation>
    </message>
    <message>
        <source>The AMI secret was not found in the system keyring.</source>
        <translation>在系统密钥环中未找到 AMI 密码。</translation>
    </message>
    <message>
        <source>screenpop — AMI secret</source>
        <translation>screenpop — AMI 密码</translation>
    </message>
    <message>
        <source>AMI secret for {0}@{1}:</source>
        <translation>{0}@{1} 的 AMI 密码：</translation>
    </message>
    <message>
        <source>Colleagues</source>
        <translation>同事</translation>
    </message>
    <message>
        <source>calls come from the built-in MyPBX simulator</source>
        <translation>来电来自内置的 MyPBX 模拟器</translation>
    </message>
    <message>
        <source>unknown caller</source>
        <translation>未知来电</translation>
    </message>
    <message>
        <source>{who} on {extension}</source>
        <translation>{who}（分机 {extension}）</translation>
    </message>
    <message>
        <source>That call is gone.</source>
        <translation>该通话已结束。</translation>
    </message>
    <message>
        <source>Picking up the call at {who}…</source>
        <translation>正在代接 {who} 的来电…</translation>
    </message>
    <message>
        <source>Your phone {mine} rings with the call from {who}.</source>
        <translation>您的电话 {mine} 正在响铃，来自 {who}。</translation>
    </message>
    <message>
        <source>Call parked</source>
        <translation>通话已停泊</translation>
    </message>
    <message>
        <source>Dial {slot} to take it back.</source>
        <translation>拨 {slot} 取回通话。</translation>
    </message>
    <message>
        <source>Pick up failed: {reason}</source>
        <translation>代接失败：{reason}</translation>
    </message>
    <message>
        <source>Pick up failed</source>
        <translation>代接失败</translation>
    </message>
    <message>
        <source>Settings not saved</source>
        <translation>设置未保存</translation>
    </message>
    <message>
        <source>could not write the settings file ({0})</source>
        <translation>无法写入设置文件（{0}）</translation>
    </message>
    <message>
        <source>Your phone is ringing</source>
        <translation>您的电话正在响铃</translation>
    </message>
    <message>
        <source>Pick it up to call {number}.</source>
        <translation>拿起听筒即可拨打 {number}。</translation>
    </message>
    <message>
        <source>Call to {number} failed</source>
        <translation>拨打 {number} 失败</translation>
    </message>
    <message>
        <source>Secret kept for this session only</source>
        <translation>密码仅在本次运行中保留</translation>
    </message>
</context>
<context>
    <name>CallPopup</name>
    <message>
        <source>Incoming call</source>
        <translation>来电</translation>
    </message>
    <message>
        <source>Dismiss (Esc)</source>
        <translation>关闭 (Esc)</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Transfer to</source>
        <translation>转接到</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>转接</translation>
    </message>
    <message>
        <source>Transfer to the typed number (Enter)</source>
        <translation>转接到输入的号码 (Enter)</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>回拨</translation>
    </message>
    <message>
        <source>Copy number</source>
        <translation>复制号码</translation>
    </message>
    <message>
        <source>Open in CRM</source>
        <translation>在 CRM 中打开</translation>
    </message>
    <message>
        <source>Ringing on {0}</source>
        <translation>{0} 正在响铃</translation>
    </message>
    <message>
        <source>Line: {0}</source>
        <translation>线路：{0}</translation>
    </message>
    <message>
        <source>Call from {0}</source>
        <translation>来自 {0} 的来电</translation>
    </message>
    <message>
        <source>Copied ✓</source>
        <translation>已复制 ✓</translation>
    </message>
    <message>
        <source>Answered by {0}</source>
        <translation>已由 {0} 接听</translation>
    </message>
    <message>
        <source>Answered elsewhere</source>
        <translation>已在别处接听</translation>
    </message>
    <message>
        <source>Was ringing on {0}</source>
        <translation>曾在 {0} 响铃</translation>
    </message>
    <message>
        <source>On call at {0}</source>
        <translation>{0} 通话中</translation>
    </message>
    <message>
        <source>Answered here: Transfer moves the caller</source>
        <translation>已在本机接听：转接会转走来电者</translation>
    </message>
    <message>
        <source>Transferring to {0}…</source>
        <translation>正在转接到 {0}…</translation>
    </message>
    <message>
        <source>the PBX gave no reason</source>
        <translation>交换机未说明原因</translation>
    </message>
    <message>
        <source>contacts file</source>
        <translation>联系人文件</translation>
    </message>
    <message>
        <source>call history</source>
        <translation>通话记录</translation>
    </message>
    <message>
        <source>Colleague, extension or number</source>
        <translation>同事、分机或号码</translation>
    </message>
    <message>
        <source>No contact: {sources} did not answer within 1.5 s</source>
        <translation>无联系人：{sources} 未在 1.5 秒内应答</translation>
    </message>
    <message>
        <source>Missed earlier today</source>
        <translation>今天早些时候未接</translation>
    </message>
    <message>
        <source>Missed {n} times today</source>
        <translation>今天未接 {n} 次</translation>
    </message>
    <message>
        <source>from {source}</source>
        <translation>来自 {source}</translation>
    </message>
    <message>
        <source>{who} is {state}.</source>
        <translation>{who}：{state}。</translation>
    </message>
    <message>
        <source>Transfer anyway</source>
        <translation>仍然转接</translation>
    </message>
    <message>
        <source>To voicemail</source>
        <translation>转语音信箱</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Calling {who} first…</source>
        <translation>正在先呼叫 {who}…</translation>
    </message>
    <message>
        <source>Sending to the voicemail of {who}…</source>
        <translation>正在转到 {who} 的语音信箱…</translation>
    </message>
    <message>
        <source>Parked on {slot}: dial {slot} to take the call back</source>
        <translation>已停泊在 {slot}：拨 {slot} 取回通话</translation>
    </message>
    <message>
        <source>Calling {who} from your phone; the caller waits on {slot}</source>
        <translation>正在用您的电话呼叫 {who}；来电者在 {slot} 等候</translation>
    </message>
    <message>
        <source>Transferred to {who}</source>
        <translation>已转接给 {who}</translation>
    </message>
    <message>
        <source>Back with the caller</source>
        <translation>已回到来电者</translation>
    </message>
    <message>
        <source>Your phone rings with the caller</source>
        <translation>您的电话正在响铃，接回来电者</translation>
    </message>
    <message>
        <source>Calling {who}: hang up to hand the caller over</source>
        <translation>正在呼叫 {who}：挂机即可转交来电</translation>
    </message>
    <message>
        <source>Sent to the voicemail of {who}</source>
        <translation>已转到 {who} 的语音信箱</translation>
    </message>
    <message>
        <source>Hung up</source>
        <translation>已挂断</translation>
    </message>
    <message>
        <source>Announced transfer failed</source>
        <translation>咨询转接失败</translation>
    </message>
    <message>
        <source>Park failed</source>
        <translation>停泊失败</translation>
    </message>
    <message>
        <source>Transfer failed</source>
        <translation>转接失败</translation>
    </message>
    <message>
        <source>Back to caller failed</source>
        <translation>回到来电者失败</translation>
    </message>
    <message>
        <source>Take back failed</source>
        <translation>取回失败</translation>
    </message>
    <message>
        <source>Voicemail failed</source>
        <translation>转语音信箱失败</translation>
    </message>
    <message>
        <source>Hang up failed</source>
        <translation>挂断失败</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Transfer failed: {0}</source>
        <translation>转接失败：{0}</translation>
    </message>
    <message>
        <source>Hanging up…</source>
        <translation>正在挂断…</translation>
    </message>
    <message>
        <source>Parking…</source>
        <translation>正在停泊…</translation>
    </message>
    <message>
        <source>Taking the call back from {slot}…</source>
        <translation>正在从 {slot} 取回通话…</translation>
    </message>
    <message>
        <source>Handing the caller to {who}…</source>
        <translation>正在把来电者交给 {who}…</translation>
    </message>
    <message>
        <source>Back to the caller…</source>
        <translation>正在回到来电者…</translation>
    </message>
    <message>
        <source>Type or pick the colleague first.</source>
        <translation>请先输入或选择同事。</translation>
    </message>
    <message>
        <source>Hang up on this caller?</source>
        <translation>挂断此来电？</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>挂断</translation>
    </message>
    <message>
        <source>no reply from the PBX yet; you can try again</source>
        <translation>交换机尚无回应；您可以重试</translation>
    </message>
    <message>
        <source>on call {0}</source>
        <translation>通话 {0}</translation>
    </message>
    <message>
        <source>ringing {0}</source>
        <translation>响铃 {0}</translation>
    </message>
    <message>
        <source>Transfer to {target}</source>
        <translation>转接到 {target}</translation>
    </message>
    <message>
        <source>Transfer to {who}: {state}</source>
        <translation>转接到 {who}：{state}</translation>
    </message>
    <message>
        <source>Transfer to {who}, {state}</source>
        <translation>转接到 {who}，{state}</translation>
    </message>
    <message>
        <source>Announce first</source>
        <translation>先通报</translation>
    </message>
    <message>
        <source>On: a transfer first calls the colleague from your phone while the caller waits on hold; hang up to complete it</source>
        <translation>开启后：转接时先用您的电话呼叫同事，来电者保持等待；挂机即完成转接</translation>
    </message>
    <message>
        <source>Park</source>
        <translation>停泊</translation>
    </message>
    <message>
        <source>Park the caller; the popup shows the slot to pick up from</source>
        <translation>停泊来电者；弹窗会显示取回用的停泊位</translation>
    </message>
    <message>
        <source>Voicemail</source>
        <translation>语音信箱</translation>
    </message>
    <message>
        <source>Send the caller to the typed colleague's voicemail</source>
        <translation>将来电者转到所输入同事的语音信箱</translation>
    </message>
    <message>
        <source>End this call (asks first)</source>
        <translation>结束此通话（会先确认）</translation>
    </message>
    <message>
        <source>Complete transfer</source>
        <translation>完成转接</translation>
    </message>
    <message>
        <source>Hand the waiting caller to the colleague you are talking to</source>
        <translation>把等候中的来电者交给正在与您通话的同事</translation>
    </message>
    <message>
        <source>Back to caller</source>
        <translation>回到来电者</translation>
    </message>
    <message>
        <source>End the consultation and talk to the waiting caller again</source>
        <translation>结束咨询，重新与等候中的来电者通话</translation>
    </message>
    <message>
        <source>Take back</source>
        <translation>取回</translation>
    </message>
    <message>
        <source>Un-park: your phone rings with the parked caller</source>
        <translation>取回停泊：您的电话会响铃，接通停泊的来电者</translation>
    </message>
</context>
<context>
    <name>CallerContext</name>
    <message>
        <source>New caller</source>
        <translation>新来电者</translation>
    </message>
    <message>
        <source>Called once today, last answered by {ext}</source>
        <translation>今天来电 1 次，最近由 {ext} 接听</translation>
    </message>
    <message>
        <source>Called {n} times today, last answered by {ext}</source>
        <translation>今天来电 {n} 次，最近由 {ext} 接听</translation>
    </message>
    <message>
        <source>Called once today, last time missed</source>
        <translation>今天来电 1 次，上次未接</translation>
    </message>
    <message>
        <source>Called {n} times today, last time missed</source>
        <translation>今天来电 {n} 次，上次未接</translation>
    </message>
    <message>
        <source>Called once today</source>
        <translation>今天来电 1 次</translation>
    </message>
    <message>
        <source>Called {n} times today</source>
        <translation>今天来电 {n} 次</translation>
    </message>
    <message>
        <source>Last called yesterday</source>
        <translation>上次来电：昨天</translation>
    </message>
    <message>
        <source>Last called {n} days ago</source>
        <translation>上次来电：{n} 天前</translation>
    </message>
    <message>
        <source>Last called on {date}</source>
        <translation>上次来电：{date}</translation>
    </message>
</context>
<context>
    <name>ColleagueModel</name>
    <message>
        <source>free</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>ringing</source>
        <translation>振铃中</translation>
    </message>
    <message>
        <source>on a call</source>
        <translation>通话中</translation>
    </message>
    <message>
        <source>do not disturb</source>
        <translation>免打扰</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>state unknown</source>
        <translation>状态未知</translation>
    </message>
    <message>
        <source>on hold</source>
        <translation>保持中</translation>
    </message>
    <message>
        <source>{state} with {whom}</source>
        <translation>与 {whom} {state}</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>号码</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>ColleaguesWindow</name>
    <message>
        <source>Colleagues — screenpop</source>
        <translation>同事 — screenpop</translation>
    </message>
    <message>
        <source>Filter by name or number</source>
        <translation>按姓名或号码筛选</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>呼叫</translation>
    </message>
    <message>
        <source>Call this colleague from your phone</source>
        <translation>用您的电话呼叫这位同事</translation>
    </message>
    <message>
        <source>Transfer call here</source>
        <translation>转接到这里</translation>
    </message>
    <message>
        <source>Pick up</source>
        <translation>代接</translation>
    </message>
    <message>
        <source>Take the call ringing at this colleague's phone on yours</source>
        <translation>在您的电话上接听这位同事正在响铃的来电</translation>
    </message>
    <message>
        <source>Click a colleague to transfer the call from {call}.</source>
        <translation>点击同事即可转接来自 {call} 的通话。</translation>
    </message>
    <message>
        <source>no directory yet</source>
        <translation>尚无通讯录</translation>
    </message>
    <message>
        <source>{n} colleagues</source>
        <translation>{n} 位同事</translation>
    </message>
    <message>
        <source>{shown} of {n}</source>
        <translation>{shown} / {n}</translation>
    </message>
    <message>
        <source>{who} is {state}.</source>
        <translation>{who}：{state}。</translation>
    </message>
    <message>
        <source>Transfer anyway</source>
        <translation>仍然转接</translation>
    </message>
    <message>
        <source>To voicemail</source>
        <translation>转语音信箱</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ContactsTab</name>
    <message>
        <source>Who is calling, from the office's contacts. Sources are asked in this order; a slow one never delays the popup.</source>
        <translation>根据办公室的联系人识别来电者。按此顺序查询各来源；慢的来源绝不会延迟弹窗。</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>contacts.csv, ldap://host/ou=people,dc=example,dc=com, https://crm/?n={e164}</source>
        <translation>contacts.csv, ldap://host/ou=people,dc=example,dc=com, https://crm/?n={e164}</translation>
    </message>
    <message>
        <source>password or token, kept in the keyring</source>
        <translation>密码或令牌，保存在系统密钥环中</translation>
    </message>
    <message>
        <source>Password / token</source>
        <translation>密码 / 令牌</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Columns…</source>
        <translation>列…</translation>
    </message>
    <message>
        <source>Which column of the CSV file holds what</source>
        <translation>CSV 文件的哪一列是什么</translation>
    </message>
    <message>
        <source>Two letters, e.g. CN or DE; empty = from the system ({system})</source>
        <translation>两个字母，例如 CN 或 DE；留空 = 跟随系统（{system}）</translation>
    </message>
    <message>
        <source>Home region</source>
        <translation>所在国家/地区</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>The digit the PBX puts before outside numbers</source>
        <translation>PBX 在外线号码前加拨的数字</translation>
    </message>
    <message>
        <source>Outside-line prefix</source>
        <translation>外线前缀</translation>
    </message>
    <message>
        <source>not read yet</source>
        <translation>尚未读取</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
</context>
<context>
    <name>CsvColumnsDialog</name>
    <message>
        <source>Columns of {file}</source>
        <translation>{file} 的列</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>名</translation>
    </message>
    <message>
        <source>Middle name</source>
        <translation>中间名</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>姓</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Web page</source>
        <translation>网址</translation>
    </message>
    <message>
        <source>Reading {file}…</source>
        <translation>正在读取 {file}…</translation>
    </message>
    <message>
        <source>Phone numbers (tick every column that holds one)</source>
        <translation>电话号码（勾选所有包含号码的列）</translation>
    </message>
    <message>
        <source>The first rows of {file}. Choose the column of each field; the choices start from what the header suggests.</source>
        <translation>{file} 的前几行。请为每个字段选择对应的列；初始选择来自表头的推测。</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Tick at least one column that holds phone numbers.</source>
        <translation>请至少勾选一列电话号码。</translation>
    </message>
    <message>
        <source>Choose the column of the name or of the company.</source>
        <translation>请选择姓名或公司所在的列。</translation>
    </message>
</context>
<context>
    <name>DesktopIntegration</name>
    <message>
        <source>Start at login not changed</source>
        <translation>登录时启动的设置未更改</translation>
    </message>
    <message>
        <source>Some shortcuts are taken</source>
        <translation>部分快捷键已被占用</translation>
    </message>
    <message>
        <source>Another program already uses: {0}</source>
        <translation>其他程序已在使用：{0}</translation>
    </message>
    <message>
        <source>Phone link refused</source>
        <translation>已拒绝电话链接</translation>
    </message>
    <message>
        <source>Cannot dial the link</source>
        <translation>无法拨打此链接</translation>
    </message>
    <message>
        <source>Set your own extension in Settings (Extensions) to dial links.</source>
        <translation>请在“设置”（分机）中填写您自己的分机，才能拨打链接。</translation>
    </message>
    <message>
        <source>Call from a link — screenpop</source>
        <translation>从链接拨号 — screenpop</translation>
    </message>
    <message>
        <source>Call {number}?
Your phone ({extension}) rings first.</source>
        <translation>拨打 {number}？
您的电话（{extension}）会先响铃。</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>拨打</translation>
    </message>
    <message>
        <source>Do not ask again</source>
        <translation>不再询问</translation>
    </message>
</context>
<context>
    <name>DesktopSettings</name>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>A new language shows in full after a restart.</source>
        <translation>新语言在重新启动后完全生效。</translation>
    </message>
    <message>
        <source>Start screenpop when I log in</source>
        <translation>登录时启动 screenpop</translation>
    </message>
    <message>
        <source>Ask before dialling a clicked phone link</source>
        <translation>拨打点击的电话链接前先询问</translation>
    </message>
    <message>
        <source>Keyboard shortcuts for the newest popup</source>
        <translation>最新弹窗的键盘快捷键</translation>
    </message>
    <message>
        <source>{keys} + 1…9 transfer, + Esc dismiss</source>
        <translation>{keys} + 1…9 转接，+ Esc 关闭</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>Shortcut keys:</source>
        <translation>快捷键：</translation>
    </message>
</context>
<context>
    <name>DialDialog</name>
    <message>
        <source>Dial a number — screenpop</source>
        <translation>拨打号码 — screenpop</translation>
    </message>
    <message>
        <source>Number to call</source>
        <translation>要拨打的号码</translation>
    </message>
    <message>
        <source>e.g. 306 or +86 138 0013 8000</source>
        <translation>例如 306 或 +86 138 0013 8000</translation>
    </message>
    <message>
        <source>Your phone ({0}) rings first; pick it up to connect.</source>
        <translation>您的电话（{0}）会先响铃；拿起听筒即可接通。</translation>
    </message>
    <message>
        <source>Dial</source>
        <translation>拨打</translation>
    </message>
</context>
<context>
    <name>Hotkeys</name>
    <message>
        <source>Wayland does not let applications take global shortcuts; use an X11 session for them.</source>
        <translation>Wayland 不允许应用程序注册全局快捷键；如需使用，请使用 X11 会话。</translation>
    </message>
    <message>
        <source>On a Mac, Ctrl is the Control key, Alt is Option and Meta is Command.</source>
        <translation>在 Mac 上，Ctrl 指 Control 键，Alt 指 Option 键，Meta 指 Command 键。</translation>
    </message>
</context>
<context>
    <name>MoreCallsNote</name>
    <message>
        <source>More calls are ringing than fit on the screen; they pop up as the ones shown close. Click to see them in Recent calls.</source>
        <translation>振铃的来电超出了屏幕可显示的数量；已显示的来电关闭后，它们会依次弹出。点击可在“最近来电”中查看。</translation>
    </message>
    <message>
        <source>More calls ringing</source>
        <translation>更多来电振铃中</translation>
    </message>
    <message>
        <source>+1 more call ringing</source>
        <translation>另有 1 个来电振铃中</translation>
    </message>
    <message>
        <source>+{0} more calls ringing</source>
        <translation>另有 {0} 个来电振铃中</translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <source>connection to {address} was refused; enable AMI in MyPBX: System &gt; Preferences &gt; AMI settings, and allow this PC's IP</source>
        <translation>连接 {address} 被拒绝；请在 MyPBX 中启用 AMI：系统 &gt; 偏好设置 &gt; AMI 设置，并允许本机 IP</translation>
    </message>
    <message>
        <source>connection to {address} was refused ({detail}); enable AMI in MyPBX: System &gt; Preferences &gt; AMI settings, and allow this PC's IP</source>
        <translation>连接 {address} 被拒绝（{detail}）；请在 MyPBX 中启用 AMI：系统 &gt; 偏好设置 &gt; AMI 设置，并允许本机 IP</translation>
    </message>
    <message>
        <source>no answer from {address} within {seconds} s; check the PBX address and that this PC can reach it; enable AMI in MyPBX: System &gt; Preferences &gt; AMI settings, and allow this PC's IP</source>
        <translation>{address} 在 {seconds} 秒内无应答；请检查 PBX 地址以及本机能否访问它；请在 MyPBX 中启用 AMI：系统 &gt; 偏好设置 &gt; AMI 设置，并允许本机 IP</translation>
    </message>
    <message>
        <source>the PBX refused the login for AMI user '{user}' ({detail}); check the username and secret in MyPBX's AMI settings</source>
        <translation>PBX 拒绝了 AMI 用户“{user}”的登录（{detail}）；请检查 MyPBX AMI 设置中的用户名和密码</translation>
    </message>
    <message>
        <source>{action} failed: {message}</source>
        <translation>{action} 失败：{message}</translation>
    </message>
    <message>
        <source>the PBX did not answer {action} within {seconds} s</source>
        <translation>PBX 未在 {seconds} 秒内响应 {action}</translation>
    </message>
    <message>
        <source>the PBX gave no reason</source>
        <translation>PBX 未说明原因</translation>
    </message>
    <message>
        <source>{address} did not greet as an AMI server</source>
        <translation>{address} 的应答不像 AMI 服务器</translation>
    </message>
    <message>
        <source>the PBX's TLS certificate was not accepted ({detail}); install its CA certificate, or pin its fingerprint in the settings</source>
        <translation>PBX 的 TLS 证书未被接受（{detail}）；请安装其 CA 证书，或在设置中固定其指纹</translation>
    </message>
    <message>
        <source>TLS handshake with {address} failed ({detail})</source>
        <translation>与 {address} 的 TLS 握手失败（{detail}）</translation>
    </message>
    <message>
        <source>the PBX's TLS certificate does not match the pinned fingerprint; if the certificate was replaced on purpose, update the fingerprint in the settings</source>
        <translation>PBX 的 TLS 证书与固定的指纹不符；如果证书是有意更换的，请在设置中更新指纹</translation>
    </message>
    <message>
        <source>Connected: {banner}</source>
        <translation>已连接：{banner}</translation>
    </message>
    <message>
        <source>the PBX closed the connection before greeting</source>
        <translation>PBX 在问候前关闭了连接</translation>
    </message>
    <message>
        <source>the PBX closed the connection during login without answering it</source>
        <translation>PBX 在登录过程中未应答就关闭了连接</translation>
    </message>
    <message>
        <source>the connection to the PBX dropped before it answered; the action was not repeated</source>
        <translation>与 PBX 的连接在其应答前中断；该操作未重复执行</translation>
    </message>
    <message>
        <source>the PBX closed the connection</source>
        <translation>PBX 关闭了连接</translation>
    </message>
    <message>
        <source>the connection to the PBX was lost ({detail})</source>
        <translation>与 PBX 的连接已断开（{detail}）</translation>
    </message>
    <message>
        <source>not connected to the PBX</source>
        <translation>未连接到 PBX</translation>
    </message>
    <message>
        <source>the PBX stopped answering (no Ping reply)</source>
        <translation>PBX 已停止应答（Ping 无回复）</translation>
    </message>
    <message>
        <source>{action} not sent: not connected to the PBX right now</source>
        <translation>{action} 未发送：当前未连接到 PBX</translation>
    </message>
    <message>
        <source>the connection was closed</source>
        <translation>连接已关闭</translation>
    </message>
    <message>
        <source>the phone could not be reached</source>
        <translation>无法接通该电话</translation>
    </message>
    <message>
        <source>the call was hung up</source>
        <translation>通话已挂断</translation>
    </message>
    <message>
        <source>the phone rang but nobody answered</source>
        <translation>电话响了但无人接听</translation>
    </message>
    <message>
        <source>the line is busy</source>
        <translation>线路忙</translation>
    </message>
    <message>
        <source>the network is congested</source>
        <translation>网络拥塞</translation>
    </message>
    <message>
        <source>the PBX reported reason {code}</source>
        <translation>PBX 报告原因代码 {code}</translation>
    </message>
    <message>
        <source>The call history file could not be used and could not be set aside; calls are kept only until the app closes.</source>
        <translation>无法使用通话记录文件，也无法将其移到一旁；通话记录仅保留到程序关闭。</translation>
    </message>
    <message>
        <source>The call history file was damaged; it was kept as {name} and a new one was started.</source>
        <translation>通话记录文件已损坏；已保留为 {name}，并新建了一个。</translation>
    </message>
    <message>
        <source>The call history could not be saved ({detail}); calls are kept only until the app closes.</source>
        <translation>无法保存通话记录（{detail}）；通话记录仅保留到程序关闭。</translation>
    </message>
    <message>
        <source>The settings file could not be read ({detail}); using default settings.</source>
        <translation>无法读取设置文件（{detail}）；正在使用默认设置。</translation>
    </message>
    <message>
        <source>The settings file was damaged; it was kept as {name} and default settings are used.</source>
        <translation>设置文件已损坏；已保留为 {name}，正在使用默认设置。</translation>
    </message>
    <message>
        <source>The settings file has no version; it was kept as {name} and default settings are used.</source>
        <translation>设置文件没有版本号；已保留为 {name}，正在使用默认设置。</translation>
    </message>
    <message>
        <source>The settings file is from a newer version of screenpop; it was kept as {name} and default settings are used.</source>
        <translation>设置文件来自较新版本的 screenpop；已保留为 {name}，正在使用默认设置。</translation>
    </message>
    <message>
        <source>The settings file is from an older version of screenpop; it was kept as {name} and default settings are used.</source>
        <translation>设置文件来自较旧版本的 screenpop；已保留为 {name}，正在使用默认设置。</translation>
    </message>
    <message>
        <source>Some settings were invalid and were reset: {names}.</source>
        <translation>部分设置无效，已重置：{names}。</translation>
    </message>
</context>
<context>
    <name>RecentCallsWindow</name>
    <message>
        <source>Recent calls — screenpop</source>
        <translation>最近通话 — screenpop</translation>
    </message>
    <message>
        <source>Recent calls</source>
        <translation>最近通话</translation>
    </message>
    <message>
        <source>Missed only</source>
        <translation>仅未接来电</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>回拨</translation>
    </message>
    <message>
        <source>Mark done</source>
        <translation>标记为已处理</translation>
    </message>
    <message>
        <source>Mark the selected missed call as dealt with</source>
        <translation>将选中的未接来电标记为已处理</translation>
    </message>
    <message>
        <source>Search number, name or company</source>
        <translation>搜索号码、姓名或公司</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings — screenpop</source>
        <extracomment>source text, password or token typed in the Contacts tab (emitted on save)</extracomment>
        <translation>设置 — screenpop</translation>
    </message>
    <message>
        <source>e.g. 192.168.1.10 or pbx.office.lan</source>
        <translation>例如 192.168.1.10 或 pbx.office.lan</translation>
    </message>
    <message>
        <source>the AMI user from the PBX's AMI settings</source>
        <translation>交换机 AMI 设置中的 AMI 用户</translation>
    </message>
    <message>
        <source>stored in the system keyring</source>
        <translation>已保存在系统密钥环中</translation>
    </message>
    <message>
        <source>asked at each start</source>
        <translation>每次启动时询问</translation>
    </message>
    <message>
        <source>the AMI secret</source>
        <translation>AMI 密码</translation>
    </message>
    <message>
        <source>Use TLS (usually port 5039)</source>
        <translation>使用 TLS（通常为端口 5039）</translation>
    </message>
    <message>
        <source>optional: SHA-256 of a self-signed certificate</source>
        <translation>可选：自签名证书的 SHA-256</translation>
    </message>
    <message>
        <source>No system keyring found: the secret will be asked at each start and is never written to disk.</source>
        <translation>未找到系统密钥环：每次启动时都会询问密码，且绝不会写入磁盘。</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>PBX</source>
        <translation>交换机</translation>
    </message>
    <message>
        <source>PBX address:</source>
        <translation>交换机地址：</translation>
    </message>
    <message>
        <source>AMI port:</source>
        <translation>AMI 端口：</translation>
    </message>
    <message>
        <source>Username:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Secret:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Certificate:</source>
        <translation>证书：</translation>
    </message>
    <message>
        <source>e.g. 601, 602</source>
        <translation>例如 601, 602</translation>
    </message>
    <message>
        <source>your own phone, for calling back</source>
        <translation>您自己的电话，用于回拨</translation>
    </message>
    <message>
        <source>one per line, e.g.
601 = DAHDI/5</source>
        <translation>每行一个，例如
601 = DAHDI/5</translation>
    </message>
    <message>
        <source>DLPN_DialPlan</source>
        <translation>DLPN_DialPlan</translation>
    </message>
    <message>
        <source>transfer targets shown first, e.g. 601, 605</source>
        <translation>优先显示的转接目标，例如 601, 605</translation>
    </message>
    <message>
        <source>Extensions</source>
        <translation>分机</translation>
    </message>
    <message>
        <source>Watched extensions:</source>
        <translation>监视的分机：</translation>
    </message>
    <message>
        <source>My extension:</source>
        <translation>我的分机：</translation>
    </message>
    <message>
        <source>Favourite targets:</source>
        <translation>常用转接目标：</translation>
    </message>
    <message>
        <source>Channel overrides:</source>
        <translation>通道覆盖：</translation>
    </message>
    <message>
        <source>Context prefix:</source>
        <translation>上下文前缀：</translation>
    </message>
    <message>
        <source>one per line, e.g.
202 = Li Na 李娜
(names here win over the PBX's)</source>
        <translation>每行一个，例如
202 = Li Na 李娜
（此处的姓名优先于 PBX 的）</translation>
    </message>
    <message>
        <source>Dialled in the colleague's context to reach their voicemail; {extension} is replaced by their number. MyPBX: *2{extension}.</source>
        <translation>在同事的拨号上下文中拨打以到达其语音信箱；{extension} 会替换为其号码。MyPBX：*2{extension}。</translation>
    </message>
    <message>
        <source>Colleagues</source>
        <translation>同事</translation>
    </message>
    <message>
        <source>Names:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>Voicemail target:</source>
        <translation>语音信箱目标：</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Stay while ringing</source>
        <translation>响铃期间保持显示</translation>
    </message>
    <message>
        <source>Play a sound when a call rings</source>
        <translation>来电响铃时播放声音</translation>
    </message>
    <message>
        <source>Do not disturb (no popups)</source>
        <translation>免打扰（不弹窗）</translation>
    </message>
    <message>
        <source>optional: https://crm.example/search?phone={number}</source>
        <translation>可选：https://crm.example/search?phone={number}</translation>
    </message>
    <message>
        <source>Popup</source>
        <translation>弹窗</translation>
    </message>
    <message>
        <source>Auto-close after:</source>
        <translation>自动关闭时间：</translation>
    </message>
    <message>
        <source>CRM link:</source>
        <translation>CRM 链接：</translation>
    </message>
    <message>
        <source>Desktop</source>
        <translation>桌面</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>1 problem to fix ({0}).</source>
        <translation>有 1 个问题需要修正（{0}）。</translation>
    </message>
    <message>
        <source>{1} problems to fix ({0}).</source>
        <translation>有 {1} 个问题需要修正（{0}）。</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
</context>
<context>
    <name>TrayController</name>
    <message>
        <source>Dial a number…</source>
        <translation>拨打号码…</translation>
    </message>
    <message>
        <source>Recent calls</source>
        <translation>最近通话</translation>
    </message>
    <message>
        <source>Colleagues</source>
        <translation>同事</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>免打扰</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Do not disturb is on</source>
        <translation>免打扰已开启</translation>
    </message>
    <message>
        <source>Contacts: {problem}</source>
        <translation>联系人：{problem}</translation>
    </message>
    <message>
        <source>1 missed call</source>
        <translation>1 个未接来电</translation>
    </message>
    <message>
        <source>{0} missed calls</source>
        <translation>{0} 个未接来电</translation>
    </message>
    <message>
        <source>No missed calls</source>
        <translation>没有未接来电</translation>
    </message>
</context>
<context>
    <name>Validation</name>
    <message>
        <source>Enter the PBX address (host name or IP), or clear the username.</source>
        <translation>请输入交换机地址（主机名或 IP），或清空用户名。</translation>
    </message>
    <message>
        <source>PBX address: only the host name or IP, e.g. 192.168.1.10 (no http://).</source>
        <translation>交换机地址：只填主机名或 IP，例如 192.168.1.10（不要 http://）。</translation>
    </message>
    <message>
        <source>Enter the AMI username set up on the PBX.</source>
        <translation>请输入交换机上设置的 AMI 用户名。</translation>
    </message>
    <message>
        <source>Port must be between 1 and 65535 (AMI is usually 5038, TLS 5039).</source>
        <translation>端口必须在 1 到 65535 之间（AMI 通常为 5038，TLS 为 5039）。</translation>
    </message>
    <message>
        <source>Fingerprint must be a SHA-256 in hex: 64 characters, colons ok.</source>
        <translation>指纹必须是十六进制的 SHA-256：64 个字符，可带冒号。</translation>
    </message>
    <message>
        <source>Extensions must be numbers, e.g. 601, 602 (not: {bad}).</source>
        <translation>分机必须是数字，例如 601, 602（不能是：{bad}）。</translation>
    </message>
    <message>
        <source>Your extension must be a number, e.g. 601.</source>
        <translation>您的分机必须是数字，例如 601。</translation>
    </message>
    <message>
        <source>Channel override: '{ext}' is not an extension number.</source>
        <translation>通道覆盖：“{ext}”不是分机号码。</translation>
    </message>
    <message>
        <source>Channel for {ext} must look like SIP/601, DAHDI/5 or IAX2/601.</source>
        <translation>{ext} 的通道必须形如 SIP/601、DAHDI/5 或 IAX2/601。</translation>
    </message>
    <message>
        <source>Enter the dialplan context prefix (usually DLPN_DialPlan).</source>
        <translation>请输入拨号方案上下文前缀（通常为 DLPN_DialPlan）。</translation>
    </message>
    <message>
        <source>Context prefix: letters, digits, _ and - only (no spaces).</source>
        <translation>上下文前缀：只能包含字母、数字、_ 和 -（不能有空格）。</translation>
    </message>
    <message>
        <source>Transfer targets must be numbers (not: {bad}).</source>
        <translation>转接目标必须是号码（不能是：{bad}）。</translation>
    </message>
    <message>
        <source>Colleague names: '{ext}' is not an extension number.</source>
        <translation>同事姓名：“{ext}”不是分机号码。</translation>
    </message>
    <message>
        <source>Enter the voicemail target, e.g. {example} (MyPBX).</source>
        <translation>请输入语音信箱目标，例如 {example}（MyPBX）。</translation>
    </message>
    <message>
        <source>Voicemail target: digits, * and # with {placeholder}, e.g. {example}.</source>
        <translation>语音信箱目标：数字、* 和 #，加上 {placeholder}，例如 {example}。</translation>
    </message>
    <message>
        <source>Auto-close must be 0 (off) to 3600 seconds.</source>
        <translation>自动关闭必须为 0（关闭）到 3600 秒。</translation>
    </message>
    <message>
        <source>Language must be one of {codes}, or empty (system).</source>
        <translation>语言必须是 {codes} 之一，或留空（跟随系统）。</translation>
    </message>
    <message>
        <source>Shortcut keys must be one of: {keys}.</source>
        <translation>快捷键必须是以下之一：{keys}。</translation>
    </message>
    <message>
        <source>CRM link must start with http:// or https://, e.g. https://crm.example/?q={number}</source>
        <translation>CRM 链接必须以 http:// 或 https:// 开头，例如 https://crm.example/?q={number}</translation>
    </message>
    <message>
        <source>CRM link has an unmatched { or }: use {number} for the caller's number.</source>
        <translation>CRM 链接中有不成对的 { 或 }：请用 {number} 表示来电号码。</translation>
    </message>
    <message>
        <source>CRM link must contain {number}, where the caller's number goes.</source>
        <translation>CRM 链接必须包含 {number}，表示来电号码的位置。</translation>
    </message>
    <message>
        <source>CRM link: only {number}, {e164}, {name}, {company} and {contact_url} can be filled in.</source>
        <translation>CRM 链接：只能填入 {number}、{e164}、{name}、{company} 和 {contact_url}。</translation>
    </message>
</context>
<context>
    <name>history</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>号码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Extension</source>
        <translation>分机</translation>
    </message>
    <message>
        <source>Answered by</source>
        <translation>接听者</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Today {0}</source>
        <translation>今天 {0}</translation>
    </message>
    <message>
        <source>Yesterday {0}</source>
        <translation>昨天 {0}</translation>
    </message>
    <message>
        <source>d MMM</source>
        <translation>M月d日</translation>
    </message>
    <message>
        <source>d MMM yyyy</source>
        <translation>yyyy年M月d日</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Missed · done</source>
        <translation>未接 · 已处理</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>未接</translation>
    </message>
    <message>
        <source>Ringing…</source>
        <translation>响铃中…</translation>
    </message>
    <message>
        <source>Unknown number</source>
        <translation>未知号码</translation>
    </message>
    <message>
        <source>line {0}</source>
        <translation>线路 {0}</translation>
    </message>
    <message>
        <source>answered elsewhere by {0}</source>
        <translation>已在别处由 {0} 接听</translation>
    </message>
</context>
<context>
    <name>popup</name>
    <message>
        <source>Type a number first.</source>
        <translation>请先输入号码。</translation>
    </message>
    <message>
        <source>A + may only come first.</source>
        <translation>+ 只能放在最前面。</translation>
    </message>
    <message>
        <source>Only digits, +, * and # can be dialled (not {0}).</source>
        <translation>只能拨打数字、+、* 和 #（不能是 {0}）。</translation>
    </message>
    <message>
        <source>That is too long for a phone number ({0} digits).</source>
        <translation>电话号码太长（{0} 位）。</translation>
    </message>
    <message>
        <source>Unknown number</source>
        <translation>未知号码</translation>
    </message>
</context>
<context>
    <name>settings</name>
    <message>
        <source>Line {0}: write each override as 601 = DAHDI/5.</source>
        <translation>第 {0} 行：每条覆盖请写成 601 = DAHDI/5。</translation>
    </message>
    <message>
        <source>Line {0}: extension {1} is listed twice.</source>
        <translation>第 {0} 行：分机 {1} 出现了两次。</translation>
    </message>
</context>
<context>
    <name>tray</name>
    <message>
        <source>connected to {0}</source>
        <translation>已连接到 {0}</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>connecting to {0}…</source>
        <translation>正在连接 {0}…</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>reconnecting: {0}</source>
        <translation>正在重新连接：{0}</translation>
    </message>
    <message>
        <source>reconnecting…</source>
        <translation>正在重新连接…</translation>
    </message>
    <message>
        <source>error: {0}</source>
        <translation>错误：{0}</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>demo mode: {0}</source>
        <translation>演示模式：{0}</translation>
    </message>
    <message>
        <source>demo mode (built-in simulator)</source>
        <translation>演示模式（内置模拟器）</translation>
    </message>
</context>
</TS>