import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The tenant: every other row belongs to exactly one organization. */
@Entity('organization')
export class OrganizationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', unique: true })
  slug!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  /** The content hash of the shipped system definitions it holds; null until first checked. */
  @Column({ type: 'text', nullable: true })
  systemDefinitionsHash!: string | null;
}
