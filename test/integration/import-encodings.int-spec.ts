import iconv from 'iconv-lite';
import { api, eventually } from '../setup/test-stack.js';

interface ImportJob {
  id: string;
  status: string;
  error: string | null;
  encoding: string | null;
  ignoredColumns: string[] | null;
  counts: { total: number; imported: number; rejected: number };
}
interface LeadPage {
  items: Array<{ email: string; firstName: string | null; lastName: string | null; company: string | null }>;
}

const campaign = 'it-encodings';

async function upload(body: Buffer): Promise<ImportJob> {
  const res = await api<ImportJob>(`/campaigns/${campaign}/imports?fileName=leads-sjis.csv`, { method: 'POST', body, headers: { 'content-type': 'text/csv' } });
  expect(res.status).toBe(202);
  expect(res.body).toMatchObject({ encoding: null, ignoredColumns: null });
  return eventually(async () => {
    const job = await api<ImportJob>(`/imports/${res.body.id}`);
    return job.body.status === 'completed' || job.body.status === 'failed' ? job.body : undefined;
  }, `import ${res.body.id} to finish`);
}

beforeAll(async () => {
  expect((await api('/campaigns', { method: 'POST', json: { id: campaign, name: 'Encoding tests' } })).status).toBe(201);
});

describe('CSV files in other encodings through the API', () => {
  it('imports a Shift-JIS export with its names decoded, and the job shows the encoding and ignored columns', async () => {
    const csv = [
      'Email,First Name,Last Name,Company,CRM Owner,Lead Score',
      'taro.yamada@sample.example,太郎,山田,株式会社サンプル,鈴木,80',
      'hanako.sato@robotics.example,花子,佐藤,東京ロボティクス株式会社,鈴木,75',
      'ichiro.suzuki@data.example,一郎,鈴木,データ工業,田中,60',
    ].join('\r\n');
    const job = await upload(iconv.encode(csv, 'Shift_JIS'));
    expect(job).toMatchObject({ status: 'completed', encoding: 'shift_jis', ignoredColumns: ['CRM Owner', 'Lead Score'] });
    expect(job.counts).toMatchObject({ total: 3, imported: 3, rejected: 0 });
    const leads = await api<LeadPage>(`/leads?campaignId=${campaign}&limit=10`);
    expect(leads.body.items.map((l) => [l.email, l.firstName, l.lastName, l.company]).sort()).toEqual([
      ['hanako.sato@robotics.example', '花子', '佐藤', '東京ロボティクス株式会社'],
      ['ichiro.suzuki@data.example', '一郎', '鈴木', 'データ工業'],
      ['taro.yamada@sample.example', '太郎', '山田', '株式会社サンプル'],
    ]);
  });

  it('refuses a file whose encoding it cannot tell, naming the candidates, and stores nothing from it', async () => {
    const job = await upload(iconv.encode('email,name\nkenji@short.example,サンプル\n', 'Shift_JIS'));
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/^cannot tell the text encoding for sure: it could be .*Shift_JIS.*Save the file as UTF-8/);
    expect(job.counts).toMatchObject({ total: 0, imported: 0 });
    const leads = await api<LeadPage>(`/leads?q=kenji@`);
    expect(leads.body.items).toEqual([]);
  });
});
