"""Inserting one batch of imported responses and their answers (inside the caller's transaction).

The responses by bulk_create, which gives their keys back; their answers by COPY on PostgreSQL
(a million answers in seconds, where bulk_create took minutes), else by bulk_create.
"""

from django.db import connection

from ..models import Answer, Response

ANSWERS_PER_INSERT = 4000


def responses_insert(batch) -> None:
    """One batch's responses (their keys come back), then their answers: by COPY on
    PostgreSQL (a million answers in seconds, not minutes), else by bulk_create."""
    if not batch:
        return
    responses = Response.objects.bulk_create([response for response, _answers in batch])
    rows = (
        (response.pk, question, value)
        for response, (_response, answers) in zip(responses, batch, strict=True)
        for question, value in answers
    )
    if connection.vendor == "postgresql":
        _copy_answers(rows)
        return
    Answer.objects.bulk_create(
        [
            Answer(
                response_id=response_id,
                question=question,
                number=value.number,
                choice_id=value.choice,
                text=value.text,
                moderation=Answer.Moderation.PENDING if question.kind == "text" else "",
            )
            for response_id, question, value in rows
        ],
        batch_size=ANSWERS_PER_INSERT,
    )


ANSWER_COLUMNS = ("response_id", "question_id", "number", "choice_id", "text", "moderation")


def _copy_answers(rows) -> None:
    sql = f"COPY {Answer._meta.db_table} ({', '.join(ANSWER_COLUMNS)}) FROM STDIN"
    pending = Answer.Moderation.PENDING.value
    with connection.cursor() as cursor, cursor.connection.cursor().copy(sql) as copy:
        lines = [
            f"{response_id}\t{question.pk}\t{_copy(value.number)}\t{_copy(value.choice)}"
            f"\t{_copy(value.text)}\t{pending if question.kind == 'text' else ''}"
            for response_id, question, value in rows
        ]
        if lines:
            copy.write("\n".join(lines) + "\n")


def _copy(value) -> str:
    """One value in COPY's text format: \\N for none, backslash, tab and line ends escaped."""
    if value is None:
        return "\\N"
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )
