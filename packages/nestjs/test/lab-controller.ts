/** A controller serving the lab pipeline to tenants: it names the classes directly, as application code does. */
import { Body, Controller, Get, Post } from '@nestjs/common';
import * as dj from 'datajoint';
import { DataJointTenants, InjectTenants } from '@dj/nestjs';
import { Session, SessionCount, Subject } from './lab-pipeline';

@Controller()
export class LabController {
  constructor(@InjectTenants() private readonly tenants: DataJointTenants) {}

  @Get('subjects')
  list(): Promise<dj.Row[]> {
    return Subject.toDicts({ orderBy: 'KEY' });
  }

  @Post('subjects')
  async add(@Body() body: { subject_id: number; sessions: number }): Promise<{ tenant: string }> {
    const tenant = this.tenants.current().key;
    await Subject.insert1({ subject_id: body.subject_id, tenant });
    await Session.insert(Array.from({ length: body.sessions }, (_, i) => ({ subject_id: body.subject_id, session_idx: i + 1 })));
    return { tenant };
  }

  @Post('populate')
  populate(): Promise<dj.PopulateResult> {
    return SessionCount.populate({ reserveJobs: true });
  }

  @Get('counts')
  counts(): Promise<dj.Row[]> {
    return SessionCount.toDicts({ orderBy: 'KEY' });
  }

  @Get('health')
  health(): { ok: boolean } {
    return { ok: true };
  }
}
