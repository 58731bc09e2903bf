"""The peer's data (docs/bench.md, "The peer"): in taiga-back 3bea711, one project "Bench"
with 10 members and 200,000 tasks. Run by `setup.sh` through `manage.py shell`.

`bulk_create` skips Taiga's signals on Task, so this does by hand what they would: the `ref`
from the project's sequence, one `references_reference` and one custom-attributes row per
task, `modified_date`. It writes no history, timeline or notification rows.
"""

import random
import time
import unicodedata
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from taiga.projects.custom_attributes.models import TaskCustomAttributesValues
from taiga.projects.models import Membership, Project, ProjectTemplate
from taiga.projects.references.models import Reference
from taiga.projects.tasks.models import Task
from taiga.users.models import User

N, BATCH, N_EXTRA_MEMBERS = 200_000, 5_000, 9  # admin (owner) + 9 users = 10 members
t0 = time.monotonic()
rnd = random.Random(42)

# --- Vietnamese-like vocabulary: 500 distinct syllables (onset + rhyme + tone), NFC ---
ONSETS = "b c ch d đ g gi h k kh l m n ng nh ph qu r s t th tr v x".split()  # noqa: SIM905
RHYMES = (  # noqa: SIM905
    "a an anh ai ao am at ac ăn ăm ât ân âu e em en eo ê ên êu i im in inh it ich "
    "o oa oan oang oc on ong ô ôi ôn ông ơ ơi ơn u ui un ung ưa ưng ương iêu iên uyên uôn uôi"
).split()
TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
VOWELS = set("aăâeêioôơuưy")


def syllable(onset, rhyme, tone):
    if not tone:
        return unicodedata.normalize("NFC", onset + rhyme)
    idx = [i for i, ch in enumerate(rhyme) if ch in VOWELS]
    pos = idx[-1] if (len(idx) > 1 and rhyme[-1] not in VOWELS) or len(idx) == 1 else idx[0]
    return unicodedata.normalize("NFC", onset + rhyme[: pos + 1] + tone + rhyme[pos + 1 :])


ALL = sorted({syllable(o, r, t) for o in ONSETS for r in RHYMES for t in TONES})
VOCAB = rnd.sample(ALL, 500)

admin = User.objects.get(username="admin")  # from loaddata initial_user (admin/123123)
p = Project.objects.create(
    name="Bench",
    description="bench project (200k tasks)",
    owner=admin,
    creation_template=ProjectTemplate.objects.get(slug="scrum"),
)
p.refresh_from_db()  # post_save applied template + owner membership
role = p.roles.exclude(slug="product-owner").first() or p.roles.first()
for i in range(N_EXTRA_MEMBERS):
    u = User.objects.create(
        username=f"bench{i}", email=f"bench{i}@example.com", full_name=f"Bench User {i}"
    )
    Membership.objects.create(user=u, project=p, role=role, email=u.email)
statuses = list(p.task_statuses.values_list("id", "is_closed"))
STATUS_W = [30, 25, 15, 20, 10][
    : len(statuses)
]  # new, in progress, ready for test, closed, needs info
users = list(p.memberships.exclude(user=None).values_list("user_id", flat=True))
assert len(users) == 10, users
ct = ContentType.objects.get_for_model(Task)
now = timezone.now()
SPAN = 3 * 365 * 24 * 3600  # created_date spread over 3 years
created_list = sorted(now - timedelta(seconds=rnd.randrange(SPAN)) for _ in range(N))

with connection.cursor() as c:
    # an AFTER INSERT trigger rewrites the project's tags_colors for every task: off meanwhile
    c.execute("ALTER TABLE tasks_task DISABLE TRIGGER update_project_tags_colors_on_task_insert")
    c.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [f"references_project{p.id}", N])
    refs = [r[0] for r in c.fetchall()]
try:
    for start in range(0, N, BATCH):
        with transaction.atomic():
            objs = []
            for j in range(start, min(start + BATCH, N)):
                ((st, closed),) = rnd.choices(statuses, weights=STATUS_W)
                created = created_list[j]
                due = (
                    (created + timedelta(days=rnd.randint(1, 90))).date()
                    if rnd.random() < 0.85
                    else None
                )
                objs.append(
                    Task(
                        project=p,
                        ref=refs[j],
                        status_id=st,
                        subject=" ".join(rnd.choices(VOCAB, k=rnd.randint(8, 12))),
                        description="",
                        owner_id=rnd.choice(users),
                        assigned_to_id=rnd.choice(users),
                        created_date=created,
                        modified_date=created,  # bulk_create skips Task.save()
                        finished_date=created + timedelta(days=rnd.randint(1, 30))
                        if closed
                        else None,
                        due_date=due,
                        tags=[],
                    )
                )
            Task.objects.bulk_create(objs)
            TaskCustomAttributesValues.objects.bulk_create(
                [TaskCustomAttributesValues(task=o, attributes_values={}) for o in objs]
            )
            Reference.objects.bulk_create(
                [
                    Reference(
                        content_type=ct,
                        object_id=o.id,
                        ref=o.ref,
                        project=p,
                        created_at=o.created_date,
                    )
                    for o in objs
                ]
            )
finally:
    with connection.cursor() as c:
        c.execute("ALTER TABLE tasks_task ENABLE TRIGGER update_project_tags_colors_on_task_insert")
print(
    "project", p.id, p.slug, "members", len(users), "tasks", Task.objects.filter(project=p).count()
)
print("generation took %.1f s" % (time.monotonic() - t0))
