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
        <source>Colleague, extension or number</source>
        <translation>同事、分机或号码</translation>
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
        <source>Global shortcuts are not available on macOS yet.</source>
        <translation>macOS 上暂不支持全局快捷键。</translation>
    </message>
    <message>
        <source>Wayland does not let applications take global shortcuts; use an X11 session for them.</source>
        <translation>Wayland 不允许应用程序注册全局快捷键；如需使用，请使用 X11 会话。</translation>
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
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings — screenpop</source>
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
    <name>StatusWindow</name>
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
        <source>CRM link: only {number} can be filled in.</source>
        <translation>CRM 链接：只能填入 {number}。</translation>
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