import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'leads' })
export class Lead {
  @PrimaryColumn('uuid') id!: string;
  @Column({ type: 'text' }) email!: string;
  @Column({ name: 'first_name', type: 'text', nullable: true }) firstName!: string | null;
  @Column({ name: 'last_name', type: 'text', nullable: true }) lastName!: string | null;
  @Column({ type: 'text', nullable: true }) title!: string | null;
  @Column({ type: 'text', nullable: true }) company!: string | null;
  @Column({ name: 'company_domain', type: 'text', nullable: true }) companyDomain!: string | null;
  @Column({ type: 'text', nullable: true }) industry!: string | null;
  @Column({ name: 'employee_count', type: 'int', nullable: true }) employeeCount!: number | null;
  @Column({ name: 'revenue_band', type: 'text', nullable: true }) revenueBand!: string | null;
  @Column({ type: 'text', nullable: true }) country!: string | null;
  @Column({ type: 'text', nullable: true }) region!: string | null;
  @Column({ type: 'text', nullable: true }) city!: string | null;
  @Column({ name: 'time_zone', type: 'text', nullable: true }) timeZone!: string | null;
  @Column({ type: 'text', nullable: true }) phone!: string | null;
  @Column({ name: 'linkedin_url', type: 'text', nullable: true }) linkedinUrl!: string | null;
  @Column({ type: 'text', nullable: true }) website!: string | null;
  @Column({ type: 'text', array: true }) technologies!: string[];
  @Column({ type: 'text', nullable: true }) notes!: string | null;
  @Column({ name: 'field_sources', type: 'jsonb' }) fieldSources!: Record<string, string>;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
