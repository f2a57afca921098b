// Words of the pages in Chinese and English; the choice is remembered. Elements carry data-i18n="key".

const words = {
  zh: {
    appName: "同行排班", volunteerTitle: "我的服务", consoleTitle: "协调员工作台", language: "English",
    signIn: "登录", signOut: "退出", username: "用户名", password: "密码", joining: "正在加入…",
    inviteMissing: "请通过邀请链接打开本页，或向协调员索取新链接。", myWeek: "本周安排", noOffers: "暂无安排",
    accept: "接受", decline: "婉拒", offered: "待确认", accepted: "已接受", declined: "已婉拒", expired: "已过期",
    cancelled: "已取消", deadline: "请在此前答复", why: "为什么是我", where: "地点", bring: "请带上", calendar: "日历订阅",
    calendarHelp: "在日历应用中订阅此链接", hours: "时间银行", totalHours: "累计服务时长", live: "实时连接", offline: "连接中断，正在重连…",
    newOffer: "新的安排", week: "周", org: "服务单位", solve: "开始排班", seconds: "秒", publish: "发布",
    progress: "排班进度", score: "评分", unfilled: "未排岗位", offers: "确认状态", byPerson: "按人员", bySite: "按地点",
    needs: "需求清单", people: "人员", draft: "草稿", published: "已发布", candidates: "推荐人选", diff: "与已发布版本的差异", diffReplaced: "与上一版本的差异", moved: "换人",
    added: "新增", removed: "移除", unchanged: "不变", expires: "证书将在此前过期", reports: "统计", export: "导出CSV",
    coverage: "岗位覆盖", minutes: "分钟", hoursShort: "小时", none: "无", loading: "加载中…", pin: "指定",
    breaks: "将违反", fits: "符合所有硬性规则", error: "出错了", byTeam: "按队伍", seats: "岗位", filled: "已排",
    expiresSoon: "30天内到期", expiredBefore: "证书在已排任务前到期", credentials: "证书", role: "角色", team: "队伍",
    when: "时间", kind: "类别", priority: "优先级", hoursAssigned: "排班时长",
    calendarNew: "生成订阅链接", calendarActive: "已有订阅链接；生成新链接后旧链接失效。", calendarShownOnce: "链接只显示这一次，请现在复制。",
    heldSeats: "其他单位安排的岗位", task: "任务", person: "人员", heldBy: "安排单位", reason: "原因", rules: "排班规则",
    rulesOwn: "本单位的设置（JSON，未设置的项沿用上级单位）", rulesInForce: "现行规则", rulesFrom: "沿用自", save: "保存",
    saved: "已保存，下次排班起生效", weekSnapped: "周须从周一开始，已调整为",
  },
  en: {
    appName: "Tandem", volunteerTitle: "My volunteering", consoleTitle: "Coordinator console", language: "中文",
    signIn: "Sign in", signOut: "Sign out", username: "Username", password: "Password", joining: "Joining…",
    inviteMissing: "Open this page from your invitation link, or ask your coordinator for a new one.", myWeek: "This week",
    noOffers: "Nothing scheduled", accept: "Accept", decline: "Decline", offered: "Waiting for you", accepted: "Accepted",
    declined: "Declined", expired: "Expired", cancelled: "Cancelled", deadline: "Answer by", why: "Why me", where: "Where",
    bring: "Bring", calendar: "Calendar feed", calendarHelp: "Subscribe to this link in your calendar app",
    hours: "Time bank", totalHours: "Hours given", live: "Live", offline: "Offline, reconnecting…", newOffer: "New assignment",
    week: "Week", org: "Unit", solve: "Solve", seconds: "seconds", publish: "Publish", progress: "Progress", score: "Score",
    unfilled: "Unfilled seats", offers: "Offers", byPerson: "By person", bySite: "By site", needs: "Needs", people: "People",
    draft: "Draft", published: "Published", candidates: "Best candidates", diff: "Changes against the published schedule", diffReplaced: "Changes against version", moved: "moved",
    added: "added", removed: "removed", unchanged: "unchanged", expires: "certificate expires before this",
    reports: "Reports", export: "Export CSV", coverage: "Coverage", minutes: "min", hoursShort: "h", none: "none",
    loading: "Loading…", pin: "Pin", breaks: "would break", fits: "fits every hard rule", error: "Something went wrong",
    byTeam: "By team", seats: "Seats", filled: "Filled", expiresSoon: "expires within 30 days",
    expiredBefore: "a certificate expires before a booked task", credentials: "Certificates", role: "Role", team: "Team",
    when: "When", kind: "Kind", priority: "Priority", hoursAssigned: "Hours",
    calendarNew: "Make a feed link", calendarActive: "You have a feed link; making a new one stops the old one.",
    calendarShownOnce: "The link is shown only this once: copy it now.",
    heldSeats: "Seats other units staff", task: "Task", person: "Person", heldBy: "Staffed by", reason: "Why", rules: "Rules",
    rulesOwn: "This unit's own settings (JSON; whatever it leaves out comes from the units above)", rulesInForce: "Rules in force",
    rulesFrom: "inherited from", save: "Save", saved: "Saved: the next solve uses them",
    weekSnapped: "A week starts on Monday; moved to",
  },
};

export let language = localStorage.getItem("tandem.language") || (navigator.language?.startsWith("zh") ? "zh" : "en");

export function t(key) { return words[language][key] ?? key; }

// Picks the language half of a {en, zh} pair.
export function pick(pair) { return pair ? (pair[language] ?? pair.en) : ""; }

export function apply(root = document) {
  document.documentElement.lang = language === "zh" ? "zh-CN" : "en";
  for (const element of root.querySelectorAll("[data-i18n]")) element.textContent = t(element.dataset.i18n);
  for (const element of root.querySelectorAll("[data-i18n-placeholder]")) element.placeholder = t(element.dataset.i18nPlaceholder);
}

export function toggle() {
  language = language === "zh" ? "en" : "zh";
  localStorage.setItem("tandem.language", language);
  apply();
}
