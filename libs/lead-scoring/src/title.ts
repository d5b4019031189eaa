/**
 * Seniority and department from a free-text job title, as CRM and data-vendor exports carry them: "CEO",
 * "Founder & CEO", "SVP, Sales", "Dir. of Engineering", "Sr. Software Engineer", "Vice President, Marketing",
 * and best effort for French, German, Spanish, Portuguese and Italian titles ("Directeur Commercial",
 * "Vertriebsleiter", "Gerente de Ventas"). Tables, not cleverness: each pattern is a phrase of whole words
 * matched on the folded title (see text-match.ts), so the tables read like the titles they catch.
 *
 * Seniority: the first matching row of SENIORITY_TABLE wins; it is ordered so that "Senior Vice President" is
 * vp, "Assistant to the CEO" is individual and "Product Owner" is not an owner.
 * Function: the department named first in the title wins ("VP Sales & Marketing" is sales); multi-word
 * phrases beat their first word ("Product Marketing Manager" is marketing, "Sales Engineer" is sales);
 * `executive` (CEO, founder, owner) only when no department is named ("Co-founder & CTO" is engineering).
 * A title with a department or a role word but no rank is `individual`; junk ("n/a", "-", "Mr") is unknown.
 */
import type { Seniority, TitleFunction } from './rule-set.js';
import { textKey } from './text-match.js';

export interface ParsedTitle {
  seniority: Seniority;
  function: TitleFunction;
}

/**
 * A row is [result, phrases]: phrases separated by `|`, words by spaces. A lone `*` is any one word ("chief *
 * officer"); a `*` before or after a word lets it run on ("recruit*" is "recruiting", "*leiter" "vertriebsleiter").
 */
type Row<T> = readonly [T, string];

const SENIORITY_TABLE: readonly Row<Seniority>[] = [
  // Assistants to executives are not executives, whatever else their title names.
  ['individual', 'assistant to|assistant of|executive assistant|personal assistant|administrative assistant|assistant to the|ea to'],
  ['director', 'avp|assistant vp|associate vp'],
  // Owners of a backlog or a process are not owners of the company.
  ['individual', 'product owner|process owner|service owner|project owner|system owner|data owner'],
  [
    'c-level',
    'chief * officer|chief * * officer|chief * * * officer|ceo|cfo|coo|cto|cio|cmo|cro|cpo|cso|cdo|cco|chro|ciso|cxo|caio|cbo|cgo|clo|cao|cno|' +
      'founder|co founder|cofounder|fondateur|fondatrice|fundador|fundadora|grunder|grunderin|' +
      'owner|co owner|inhaber|inhaberin|proprietaire|propietario|propietaria|' +
      'president|presidente|prasident|prasidentin|chairman|chairwoman|chairperson|chair|board member|' +
      'managing director|managing partner|founding partner|senior partner|general partner|equity partner|' +
      'geschaftsfuhrer|geschaftsfuhrerin|directeur general|directrice generale|director general|directora general|' +
      'direttore generale|diretor geral|gerente general|pdg|vorstand|vorstandsvorsitzender',
  ],
  ['vp', 'vp|svp|evp|gvp|v p'],
  ['manager', 'team lead|team leader|teamleiter|teamleiterin|team manager|teamlead'],
  ['head', 'head|global head|chief|general counsel|jefe|jefa|leitung|leiter|leiterin|*leiter|*leiterin|leader'],
  ['director', 'director|directora|directeur|directrice|direktor|direktorin|diretor|diretora|direttore|direttrice|dir'],
  ['manager', 'manager|managerin|managers|mgr|gerente|gestionnaire|responsable|supervisor|superviseur'],
  // "Lead Generation Specialist" generates leads; it does not lead anyone.
  ['individual', 'lead gen*'],
  ['senior', 'senior|sr|snr|principal|staff engineer|staff software|staff data|staff product|staff designer|lead|expert|architect|fellow|distinguished'],
];

/** Role words of individual contributors: with them a title is `individual` even when no department is named. */
const INDIVIDUAL_WORDS =
  'engineer*|developer|analyst|specialist|consultant|representative|rep|associate|coordinator|assistant|executive|' +
  'designer|scientist|administrator|accountant|recruiter|marketer|intern|trainee|apprentice|agent|officer|advisor|adviser|' +
  'strategist|writer|editor|planner|technician|programmer|sdr|bdr|ae|generalist|partner|junior|jr|buyer|counsel|attorney|' +
  'lawyer|paralegal|clerk|operator|researcher|student|freelancer|contractor|ingenieur*|entwickler*|comptable|vendedor|' +
  'vendedora|commercial|employee|staff|member|associe|sachbearbeiter*|referent*|berater*|mitarbeiter*';

/**
 * Department phrases, most specific first: at one position in the title the first listed phrase wins, so
 * multi-word phrases go before the words they start with.
 */
const FUNCTION_PHRASES: readonly Row<TitleFunction>[] = [
  ['marketing', 'product marketing|marketing operations|marketing ops|growth marketing|demand gen*|field marketing|lead gen*|partner marketing'],
  [
    'sales',
    'sales engineer*|sales operations|sales ops|revenue operations|revops|sales development|business development|bizdev|' +
      'account executive|account manag*|account director|key account*|inside sales|presales|pre sales|partner manag*|channel sales|' +
      'directeur commercial|directrice commerciale|director comercial|directora comercial|diretor comercial|direttore commerciale|' +
      'business developer',
  ],
  ['data', 'data engineer*|data scien*|data analy*|machine learning|artificial intelligence|business intelligence|chief data'],
  [
    'customer-success',
    'customer success|client success|technical support|tech support|customer experience|customer support|customer service*|customer care|client services|' +
      'service client|kundenservice|kundenbetreuung|atencion al cliente|chief customer',
  ],
  ['it', 'information technology|information security|it security|systems administrator|system administrator|help desk|service desk|chief information'],
  ['engineering', 'site reliability|quality assurance|research and development|r d|front end|back end|full stack|tech lead|chief technology'],
  ['product', 'user experience|user research|product design*|chief product'],
  ['hr', 'human resources|ressources humaines|recursos humanos|people operations|people ops|learning and development|l d|chief people|personalleit*|personalabteilung|personalreferent*|leiter personal|leiterin personal'],
  ['legal', 'general counsel|chief legal'],
  ['finance', 'fp a|accounts payable|accounts receivable|investor relations|chief financial'],
  ['operations', 'supply chain|office manag*|project manag*|program manag*|programme manag*|business operations|chief operating'],
  // Single words.
  ['customer-success', 'support|csm|cx|onboarding|implementation|customer'],
  ['data', 'data|analytics|ml|ai|bi|cdo'],
  ['it', 'it|cio|ciso|infosec|cyber*|security|sysadmin|network*|helpdesk|infrastructure|informatique|informatica|edv|information'],
  [
    'engineering',
    'engineer*|developer*|development|dev|devops|sre|architect*|programmer|programming|tester|testing|qa|cto|technology|technical|' +
      'software|frontend|backend|fullstack|mobile|ios|android|platform|firmware|embedded|ingenieur*|entwickl*|desarrollador*|' +
      'developpeur*|logiciel|sviluppatore',
  ],
  ['product', 'product*|cpo|ux|ui|design*|produit|produkt*|producto|prodotto'],
  [
    'marketing',
    'marketing*|marketer|mktg|cmo|growth|brand*|content|communication*|comms|pr|public relations|seo|sem|social media|digital|' +
      'events|advertising|media|copywriter|mercadeo|kommunikation',
  ],
  [
    'sales',
    'sales|revenue|cro|sdr|bdr|ae|commercial*|vente*|ventas|venta|vendas|vertrieb*|verkauf*|seller|selling|vendedor*|comercial',
  ],
  [
    'finance',
    'finance|financial|financ*|cfo|accounting|accountant|controller|controlling|comptroller|treasur*|tax|audit*|bookkeep*|' +
      'payroll|comptab*|buchhalt*|finanz*|contable|contador|contabilidad',
  ],
  ['hr', 'hr|hris|people|talent|recruit*|recrut*|chro|personnel|rh|drh|rrhh|compensation|benefits'],
  ['legal', 'legal|counsel|attorney|lawyer|paralegal|compliance|juridique|juridico|jurist*|privacy|avocat|abogado|abogada|contracts'],
  [
    'operations',
    'operations|operating|ops|coo|logistics|procurement|purchasing|facilities|administration|admin|pmo|einkauf|achats|compras|operaciones|' +
      'operational|receptionist|secretary|secretaire|sekretar*',
  ],
];

const EXECUTIVE_WORDS =
  'ceo|chief executive|chief * officer|cxo|founder|co founder|cofounder|owner|co owner|president|presidente|prasident|chairman|chairwoman|' +
  'chairperson|chair|board|board member|managing director|managing partner|partner|general manager|geschaftsfuhrer*|inhaber*|pdg|' +
  'directeur general|directrice generale|director general|directora general|gerente general|fondat*|fundador*|grunder*|' +
  'entrepreneur|chief of staff|cco|cao|vorstand*|proprietaire|propietario';

/** A phrase list as a regex source over a key (folded words joined by single spaces). */
function phrases(list: string): string {
  return list
    .split('|')
    .map((phrase) =>
      phrase
        .split(' ')
        .map((word) => {
          if (word === '*') return '[a-z0-9]+'; // any one word
          const lead = word.startsWith('*') ? '[a-z0-9]*' : '';
          const tail = word.endsWith('*') ? '[a-z0-9]*' : '';
          return lead + word.replace(/^\*|\*$/g, '').replace(/[+#]/g, '\\$&') + tail;
        })
        .join(' '),
    )
    .join('|');
}

function wordsRegex(list: string): RegExp {
  return new RegExp(`(?:^| )(?:${phrases(list)})(?= |$)`);
}

const SENIORITY_RULES = SENIORITY_TABLE.map(([seniority, list]) => ({ seniority, re: wordsRegex(list) }));
const INDIVIDUAL_RE = wordsRegex(INDIVIDUAL_WORDS);
const EXECUTIVE_RE = wordsRegex(EXECUTIVE_WORDS);
const ASSISTANT_RE = SENIORITY_RULES[0]!.re;
// One regex for all departments: the engine finds the leftmost match and, at one position, the first phrase
// listed; the capture group that took part says which department it was.
const FUNCTION_RE = new RegExp(`(?:^| )(?:${FUNCTION_PHRASES.map(([, list]) => `(${phrases(list)})`).join('|')})(?= |$)`);
const FUNCTION_OF_GROUP = FUNCTION_PHRASES.map(([fn]) => fn);

const UNKNOWN: ParsedTitle = Object.freeze({ seniority: 'unknown', function: 'other' }) as ParsedTitle;

export function parseTitle(title: string | null | undefined): ParsedTitle {
  if (typeof title !== 'string') return UNKNOWN;
  const key = titleKey(title);
  if (key === '') return UNKNOWN;
  if (key === 'partner') return { seniority: 'c-level', function: 'executive' }; // of a firm; "HR Business Partner" is not
  const fn = titleFunction(key);
  let seniority: Seniority = 'unknown';
  for (const rule of SENIORITY_RULES) {
    if (rule.re.test(key)) {
      seniority = rule.seniority;
      break;
    }
  }
  if (seniority === 'unknown' && (fn !== 'other' || INDIVIDUAL_RE.test(key))) seniority = 'individual';
  return { seniority, function: fn };
}

/** Folded words, with "V.P."/"C.E.O." as one word and every spelling of vice president as "vp". */
function titleKey(title: string): string {
  const key = textKey(title.replace(/\b(?:[A-Za-z]\.){2,}/g, (m) => m.replace(/\./g, '')));
  // Done before the tables run, so "president" in them only ever means the top job.
  return key.replace(/(?:^| )(?:vice|vize) ?(?:president|presidente|presidenta|prasident|prasidentin)(?= |$)/g, (m) =>
    m.startsWith(' ') ? ' vp' : 'vp',
  );
}

function titleFunction(key: string): TitleFunction {
  const match = FUNCTION_RE.exec(key);
  if (match) {
    for (let g = 1; g < match.length; g++) if (match[g] !== undefined) return FUNCTION_OF_GROUP[g - 1]!;
  }
  if (ASSISTANT_RE.test(key)) return 'operations';
  return EXECUTIVE_RE.test(key) ? 'executive' : 'other';
}
