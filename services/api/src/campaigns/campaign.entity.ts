import { Column, Entity, PrimaryColumn } from 'typeorm';

export type CampaignStatus = 'active' | 'paused' | 'stopped';

@Entity({ name: 'campaigns' })
export class Campaign {
  @PrimaryColumn('text') id!: string;
  @Column('text') name!: string;
  @Column('text') status!: CampaignStatus;
  @Column({ name: 'time_zone', type: 'text' }) timeZone!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

export function toCampaignView(c: Campaign) {
  return { id: c.id, name: c.name, status: c.status, timeZone: c.timeZone, createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString() };
}
