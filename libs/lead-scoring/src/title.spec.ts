import type { Seniority, TitleFunction } from './rule-set.js';
import { parseTitle } from './title.js';

describe('parseTitle', () => {
  it.each<[string, Seniority, TitleFunction]>([
    // C-level and founders
    ['CEO', 'c-level', 'executive'],
    ['Chief Executive Officer', 'c-level', 'executive'],
    ['Founder & CEO', 'c-level', 'executive'],
    ['Co-Founder & CTO', 'c-level', 'engineering'],
    ['Chief Revenue Officer', 'c-level', 'sales'],
    ['Chief Technology Officer', 'c-level', 'engineering'],
    ['Chief Information Security Officer', 'c-level', 'it'],
    ['Chief Financial Officer', 'c-level', 'finance'],
    ['Chief People Officer', 'c-level', 'hr'],
    ['Chief Customer Officer', 'c-level', 'customer-success'],
    ['CMO', 'c-level', 'marketing'],
    ['C.O.O.', 'c-level', 'operations'],
    ['EVP & CFO', 'c-level', 'finance'],
    ['President', 'c-level', 'executive'],
    ['Owner', 'c-level', 'executive'],
    ['Managing Director', 'c-level', 'executive'],
    ['Partner', 'c-level', 'executive'],
    ['Chairman of the Board', 'c-level', 'executive'],
    // VPs
    ['VP Sales', 'vp', 'sales'],
    ['Vice President, Marketing', 'vp', 'marketing'],
    ['SVP', 'vp', 'other'],
    ['Senior Vice President of Engineering', 'vp', 'engineering'],
    ['V.P. Customer Success', 'vp', 'customer-success'],
    ['VP Sales & Marketing', 'vp', 'sales'],
    ['Assistant Vice President, Finance', 'director', 'finance'],
    // Heads and directors
    ['Head of Growth', 'head', 'marketing'],
    ['Global Head of People', 'head', 'hr'],
    ['Chief of Staff', 'head', 'executive'],
    ['General Counsel', 'head', 'legal'],
    ['Dir. of Engineering', 'director', 'engineering'],
    ['Senior Director, Product Marketing', 'director', 'marketing'],
    ['Director of Business Development', 'director', 'sales'],
    ['Executive Director', 'director', 'other'],
    // Managers
    ['Engineering Manager', 'manager', 'engineering'],
    ['Customer Success Manager', 'manager', 'customer-success'],
    ['Product Marketing Manager', 'manager', 'marketing'],
    ['IT Manager', 'manager', 'it'],
    ['Office Manager', 'manager', 'operations'],
    ['Team Lead, Inside Sales', 'manager', 'sales'],
    ['Partner Manager', 'manager', 'sales'],
    ['Lead Generation Manager', 'manager', 'marketing'],
    // Senior individual contributors
    ['Sr. Software Engineer', 'senior', 'engineering'],
    ['Staff Software Engineer', 'senior', 'engineering'],
    ['Principal Consultant', 'senior', 'other'],
    ['Senior Account Executive', 'senior', 'sales'],
    ['Solutions Architect', 'senior', 'engineering'],
    ['Tech Lead', 'senior', 'engineering'],
    // Individual contributors
    ['Software Engineer', 'individual', 'engineering'],
    ['Account Executive', 'individual', 'sales'],
    ['SDR', 'individual', 'sales'],
    ['Sales Engineer', 'individual', 'sales'],
    ['Data Scientist', 'individual', 'data'],
    ['Data Engineer', 'individual', 'data'],
    ['Financial Controller', 'individual', 'finance'],
    ['Recruiter', 'individual', 'hr'],
    ['HR Business Partner', 'individual', 'hr'],
    ['Product Owner', 'individual', 'product'],
    ['UX Designer', 'individual', 'product'],
    ['Paralegal', 'individual', 'legal'],
    ['Marketing Assistant', 'individual', 'marketing'],
    ['Executive Assistant to the CEO', 'individual', 'operations'],
    ['Lead Generation Specialist', 'individual', 'marketing'],
    ['Consultant', 'individual', 'other'],
    ['Technical Support Engineer', 'individual', 'customer-success'],
    ['Security Engineer', 'individual', 'it'],
    // Not English, best effort
    ['Directeur Commercial', 'director', 'sales'],
    ['Directrice Marketing', 'director', 'marketing'],
    ['Président-Directeur Général', 'c-level', 'executive'],
    ['Vice-Président Ventes', 'vp', 'sales'],
    ['Responsable des Ressources Humaines', 'manager', 'hr'],
    ['Ingénieur Logiciel', 'individual', 'engineering'],
    ['Geschäftsführer', 'c-level', 'executive'],
    ['Vertriebsleiter', 'head', 'sales'],
    ['Leiterin Personal', 'head', 'hr'],
    ['Vizepräsident Vertrieb', 'vp', 'sales'],
    ['Gerente de Ventas', 'manager', 'sales'],
    ['Jefe de Marketing', 'head', 'marketing'],
    ['Diretor Comercial', 'director', 'sales'],
    ['Fundador y CEO', 'c-level', 'executive'],
    // Junk
    ['', 'unknown', 'other'],
    ['   ', 'unknown', 'other'],
    ['-', 'unknown', 'other'],
    ['n/a', 'unknown', 'other'],
    ['Mr', 'unknown', 'other'],
    ['???', 'unknown', 'other'],
  ])('%j is %s / %s', (title, seniority, fn) => {
    expect(parseTitle(title)).toEqual({ seniority, function: fn });
  });

  it('treats a missing title as unknown', () => {
    expect(parseTitle(null)).toEqual({ seniority: 'unknown', function: 'other' });
    expect(parseTitle(undefined)).toEqual({ seniority: 'unknown', function: 'other' });
  });

  it('ignores case, punctuation and extra spaces', () => {
    expect(parseTitle('  vp,   SALES  ')).toEqual(parseTitle('VP Sales'));
    expect(parseTitle('HEAD-OF-ENGINEERING')).toEqual({ seniority: 'head', function: 'engineering' });
  });

  it('does not read words inside other words', () => {
    // "it" inside "Recruiting"; "cto" inside "Director"; "president" inside nothing.
    expect(parseTitle('Recruiting Coordinator')).toEqual({ seniority: 'individual', function: 'hr' });
    expect(parseTitle('Accounting Manager').function).toBe('finance');
    expect(parseTitle('Management Consultant').seniority).toBe('individual');
  });
});
