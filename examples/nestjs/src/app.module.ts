/** The application: DataJoint connected as the caller says, and the lab's API. */
import { Module, type DynamicModule } from '@nestjs/common';
import { DataJointModule, type DataJointModuleRootOptions } from '@dj/nestjs';
import { LabController } from './lab.controller';
import { HitRate, Session, Subject } from './pipeline';

@Module({})
export class AppModule {
  /** The application on the database `database` describes (an Instance, or its options, and the schema name). */
  static forRoot(database: DataJointModuleRootOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [DataJointModule.forRoot(database), DataJointModule.forFeature([Subject, Session, HitRate])],
      controllers: [LabController],
    };
  }
}
