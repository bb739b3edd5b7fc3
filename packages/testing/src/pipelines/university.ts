/**
 * The university pipeline of datajoint-python's tests (students, courses, sections,
 * enrollments, grades), declared from TypeScript: a pipeline of realistic shape for tests
 * and benchmarks. MySQL-only types are replaced by core types (`year` → int16,
 * `tinyint` → int8).
 */
import * as path from 'node:path';
import * as dj from 'datajoint';

/** The university's table classes. */
export interface University {
  readonly Student: dj.TableClass;
  readonly Department: dj.TableClass;
  readonly StudentMajor: dj.TableClass;
  readonly Course: dj.TableClass;
  readonly Term: dj.TableClass;
  readonly Section: dj.TableClass;
  readonly CurrentTerm: dj.TableClass;
  readonly Enroll: dj.TableClass;
  readonly LetterGrade: dj.TableClass;
  readonly Grade: dj.TableClass;
}

/** Binds the university's table classes to `schema` and returns them. */
export function declareUniversity(schema: dj.Schema): University {
  @schema.table
  class Student extends dj.Manual {
    static definition = `
    student_id : int64   # university-wide ID number
    ---
    first_name      : varchar(40)
    last_name       : varchar(40)
    sex             : enum('F', 'M', 'U')
    date_of_birth   : date
    home_address    : varchar(120) # mailing street address
    home_city       : varchar(60)  # mailing address
    home_state      : char(2)      # US state acronym: e.g. OH
    home_zip        : char(10)     # zipcode e.g. 93979-4979
    home_phone      : varchar(20)  # e.g. 414.657.6883x0881
    `;
  }

  @schema.table
  class Department extends dj.Manual {
    static definition = `
    dept : varchar(6)   # abbreviated department name, e.g. BIOL
    ---
    dept_name    : varchar(200)  # full department name
    dept_address : varchar(200)  # mailing address
    dept_phone   : varchar(20)
    `;
  }

  @schema.table
  class StudentMajor extends dj.Manual {
    static definition = `
    -> Student
    ---
    -> Department
    declare_date :  date  # when student declared her major
    `;
  }

  @schema.table
  class Course extends dj.Manual {
    static definition = `
    -> Department
    course  : int64   # course number, e.g. 1010
    ---
    course_name :  varchar(200)  # e.g. "Neurobiology of Sensation and Movement."
    credits     :  decimal(3,1)  # number of credits earned by completing the course
    `;
  }

  @schema.table
  class Term extends dj.Manual {
    static definition = `
    term_year : int16
    term      : enum('Spring', 'Summer', 'Fall')
    `;
  }

  @schema.table
  class Section extends dj.Manual {
    static definition = `
    -> Course
    -> Term
    section : char(1)
    ---
    auditorium   :  varchar(12)
    `;
  }

  @schema.table
  class CurrentTerm extends dj.Manual {
    static definition = `
    omega=0 : int8
    ---
    -> Term
    `;
  }

  @schema.table
  class Enroll extends dj.Manual {
    static definition = `
    -> Student
    -> Section
    `;
  }

  @schema.table
  class LetterGrade extends dj.Lookup {
    static definition = `
    grade : char(2)
    ---
    points : decimal(3,2)
    `;
    static contents = [
      ['A', 4.0],
      ['A-', 3.67],
      ['B+', 3.33],
      ['B', 3.0],
      ['B-', 2.67],
      ['C+', 2.33],
      ['C', 2.0],
      ['C-', 1.67],
      ['D+', 1.33],
      ['D', 1.0],
      ['F', 0.0],
    ];
  }

  @schema.table
  class Grade extends dj.Manual {
    static definition = `
    -> Enroll
    ---
    -> LetterGrade
    `;
  }

  return { Student, Department, StudentMajor, Course, Term, Section, CurrentTerm, Enroll, LetterGrade, Grade };
}

/** The folder holding the university's CSV data, one file per table. */
export const UNIVERSITY_DATA_DIR = path.resolve(__dirname, '..', '..', 'fixtures', 'university');

/** Tables with CSV data, in an order that respects their foreign keys. */
const LOAD_ORDER = ['Student', 'Department', 'StudentMajor', 'Course', 'Term', 'CurrentTerm', 'Section', 'Enroll', 'Grade'] as const;

/** Inserts the CSV data into the university's tables. */
export async function loadUniversityData(university: University): Promise<void> {
  for (const name of LOAD_ORDER) await university[name].insert(path.join(UNIVERSITY_DATA_DIR, `${name}.csv`));
}
