// What the demo year's residents, deputies, units and staff say: problems by category with the department a
// deputy forwards them to, answers, activities by kind, and the year's review opinions and suggestions. Urgent
// categories (hour deadlines: public safety, utilities) are left out: a demo month handles reports in days.

export const PROBLEMS = {
  environment: { unit: 'HP-CG', texts: ['楼旁垃圾桶已经三天没有清运，气味很大。', '小区门口污水外溢，路过的老人容易滑倒。', '绿化带里堆满建筑垃圾，一直没人清理。'] },
  roads_traffic: { unit: 'HP-JT', texts: ['路口的路灯坏了一个多星期，晚上很黑。', '人行道砖松动翘起，已经有人绊倒。', '公交站牌被撞歪了，站台没有遮雨棚。'] },
  property_management: { unit: 'HP-ZJ', texts: ['单元门禁坏了半个月，物业一直说在修。', '电梯经常停运，楼上老人下不了楼。', '楼道灯不亮，物业收了费却不维修。'] },
  elderly_care: { unit: 'HP-MZ', texts: ['社区老年食堂排队时间长，饭菜不够。', '独居老人家里没有紧急呼叫设备，希望加装。', '日间照料中心开放时间太短，子女上班接不了。'] },
  education: { unit: null, texts: ['小学放学时间早，希望社区开办课后托管。', '学校门口上下学时段拥堵，孩子过马路不安全。'] },
  health: { unit: 'HP-WJ', texts: ['社区卫生服务站周末不开门，看病不方便。', '希望社区定期组织老年人免费体检。'] },
  employment_social_security: { unit: 'HP-MZ', texts: ['失业后不知道怎么办理失业保险金，希望有人指导。', '灵活就业人员社保缴费流程复杂，窗口排队久。'] },
  market_regulation: { unit: 'HP-SW', texts: ['菜市场有商贩缺斤短两，投诉无门。', '小区附近的餐馆油烟直排，卫生条件差。'] },
  housing_construction: { unit: 'HP-ZJ', texts: ['老旧小区改造后外墙又开始渗水。', '工地夜间施工噪声扰民，影响休息。'] },
  community_governance: { unit: null, texts: ['小区停车位太少，希望规划增加车位。', '楼下有人长期占用公共空间堆放杂物。'] },
  policy_suggestion: { unit: null, texts: ['建议在社区设立共享工具间，方便居民维修家具。', '建议增加社区图书室的开放时间。'] },
  legal_petition: { unit: null, texts: ['与物业的合同纠纷需要法律援助。', '房屋买卖纠纷，希望得到法律咨询。'] },
  other: { unit: null, texts: ['希望社区多组织文化活动。', '小区里流浪猫越来越多，需要管理。'] },
};

/** Categories the demo files under, with how often. */
export const CATEGORY_WEIGHTS = [
  [6, 'environment'], [5, 'roads_traffic'], [5, 'property_management'], [4, 'elderly_care'], [2, 'education'],
  [2, 'health'], [2, 'employment_social_security'], [2, 'market_regulation'], [2, 'housing_construction'],
  [2, 'community_governance'], [1, 'policy_suggestion'], [1, 'legal_petition'], [1, 'other'],
];

export const UNIT_REPLIES = ['已安排专人现场处理，三个工作日内完成。', '已列入本月维修计划，并督促责任单位整改。', '经现场核查，问题已整改完毕。'];

export const ANSWERS = {
  resolved: ['已协调有关部门处理，问题已经解决，请您留意。', '已现场查看并督促整改，现已处理完毕。', '已与物业和社区沟通，相关问题已整改到位。'],
  explained: ['经了解，此事需按规定程序办理，已向您说明办理渠道和所需材料。', '此事涉及整体规划，已向您解释有关政策和下一步安排。'],
};

export const RETURN_REASONS = ['不在我联系的网格范围内，请重新分派。', '此事属于其他代表的专长领域，建议改派。'];

export const WALK_INS = [
  ['elderly_care', '接待日来访：希望社区增加老年助餐点。'],
  ['property_management', '接待日来访：小区物业费上涨未经业主大会讨论。'],
  ['roads_traffic', '接待日来访：小区出入口缺少减速带，车速太快。'],
  ['community_governance', '接待日来访：希望社区公开公共收益的使用情况。'],
  ['environment', '接待日来访：河道有异味，希望尽快治理。'],
];

export const ACTIVITIES = {
  meeting: ['选民座谈会', '代表联络站例会', '听取社区意见座谈会'],
  inspection: ['视察老旧小区改造', '视察消防通道整治', '视察社区养老服务'],
  survey: ['调研社区助餐服务', '调研背街小巷整治', '调研社区停车难问题'],
  law_enforcement_check: ['大气污染防治法执法检查', '消防法执法检查'],
  training: ['代表履职培训', '代表建议写作培训'],
  home_visit: ['走访独居老人', '走访困难家庭'],
};

/** The review opinions of the year: an inspection's findings, the department, and the evidence for each problem. */
export const OPINIONS = [
  {
    title: '关于老旧小区改造质量问题的审议意见', activity: '视察老旧小区改造', unit: 'HP-ZJ',
    findings: ['改造后的外墙保温层多处空鼓、渗水', '部分楼栋雨水管接口脱落', '施工围挡长期占用消防通道'],
    evidence: ['住建委组织施工单位返修外墙，现场复查无渗水。', '雨水管已全部重新安装，社区验收合格。', '围挡已拆除，消防通道畅通，居民确认。'],
    reply: '区住建委已责成施工单位限期整改，并建立回访制度。',
  },
  {
    title: '关于社区养老服务设施不足的审议意见', activity: '视察社区养老服务', unit: 'HP-MZ',
    findings: ['日间照料中心床位不足', '助餐点覆盖不到部分小区', '适老化改造进度慢'],
    evidence: ['日间照料中心新增床位12张，已投入使用。', '新增助餐点2处，覆盖全部小区。', '完成首批40户适老化改造，验收合格。'],
    reply: '区民政局已将相关事项列入年度民生实事项目。',
  },
];

/** The suggestions of the year: what the deputy writes, what staff ask them to add, and the organ's answer. */
export const SUGGESTIONS = [
  {
    title: '关于加强老旧小区物业管理的建议', unit: 'HP-ZJ',
    facts: '辖区老旧小区物业服务投诉集中，群众反映门禁、电梯、楼道照明长期得不到维修。',
    cause: '物业服务费标准低、收缴率不高，缺少对物业企业的考核和退出机制。',
    measures: '建立物业服务质量考评制度，将考评结果与收费挂钩；设立维修资金应急使用通道。',
    answer: '区住建委将于下半年出台物业服务质量考评办法，并简化维修资金应急使用程序。',
    verdict: 'satisfied',
  },
  {
    title: '关于完善社区养老助餐服务的建议', unit: 'HP-MZ',
    facts: '辖区60岁以上老人约3200人，现有助餐点1处，高峰时段排队时间长。',
    cause: '场地不足，运营补贴标准偏低，社会力量参与积极性不高。',
    measures: '利用社区闲置用房新建助餐点，提高运营补贴，引入专业餐饮企业。',
    answer: '区民政局计划明年新建助餐点2处，并提高运营补贴标准。',
    verdict: 'mostly',
  },
];

export const MINUTES = '代表听取了社区和有关部门的情况介绍，实地查看了现场，并与居民代表交流。';
