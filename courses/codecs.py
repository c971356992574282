"""The course-file codecs of the courses app: course, module, steps and content blocks.

Registered in `CoursesConfig.ready()`; the quizzes app registers its own.
"""

from __future__ import annotations

from .codec import FORMAT, Codec, Node, Reader, Spec, Writer, codec_register, codec_write
from .models import (
    CaseBlock,
    ContentBlock,
    Course,
    CourseOrder,
    DiscussionBlock,
    DownloadBlock,
    FactBlock,
    FactVariant,
    ImageBlock,
    Lesson,
    Module,
    ReflectionBlock,
    SourcesBlock,
    Step,
    TextBlock,
    VideoBlock,
)


class CourseCodec(Codec):
    model = Course
    fields = [
        Spec("slug"),
        Spec("title"),
        Spec("summary", "md", required=False, default=""),
        Spec("audience", required=False, default=""),
        Spec("language", required=False, default="sv"),
        Spec("estimated_minutes", "int", required=False, default=0),
        Spec("order", "choice", choices=tuple(CourseOrder.values), default="sequential"),
        Spec("certificate_validity_months", "int", required=False, nullable=True),
        Spec("content_note", "md", required=False, default=""),
    ]

    def read(self, data: dict, reader: Reader, path: str) -> Node:
        node = super().read(data, reader, path)
        module_codec = ModuleCodec()
        for index, item in enumerate(reader.items(data, "modules", path)):
            where = f"{path}.modules[{index}]"
            child = module_codec.read(reader.mapping(item, where), reader, where)
            child.obj.position = index
            child.parent_attr = "course"
            node.children.append(child)
        return node

    def write(self, obj: Course, writer: Writer) -> dict:
        out = {"format": FORMAT, **super().write(obj, writer)}
        out["certificate_validity_months"] = obj.certificate_validity_months
        modules = obj.modules.order_by("position", "pk")
        out["modules"] = [codec_write(module, writer) for module in modules]
        return out


class ModuleCodec(Codec):
    model = Module
    fields = [Spec("title"), Spec("summary", "md", required=False, default="")]

    def read(self, data: dict, reader: Reader, path: str) -> Node:
        node = super().read(data, reader, path)
        self.read_children(node, data, reader, path, key="steps", base=Step, parent="module")
        return node

    def write(self, obj: Module, writer: Writer) -> dict:
        out = super().write(obj, writer)
        steps = obj.steps.filter(is_archived=False).order_by("position", "pk")
        out["steps"] = [codec_write(step, writer) for step in steps]
        return out


class StepCodec(Codec):
    """What every kind of step has in the file; subclasses add their type and content."""

    fields = [
        Spec("title"),
        Spec("estimated_minutes", "int", required=False, default=5),
        Spec("required", "bool", required=False, default=True),
    ]


class LessonCodec(StepCodec):
    model = Lesson
    file_type = "lesson"

    def read(self, data: dict, reader: Reader, path: str) -> Node:
        node = super().read(data, reader, path)
        self.read_children(
            node, data, reader, path, key="blocks", base=ContentBlock, parent="lesson"
        )
        return node

    def write(self, obj: Lesson, writer: Writer) -> dict:
        out = super().write(obj, writer)
        blocks = ContentBlock.objects.filter(lesson=obj, is_archived=False)
        out["blocks"] = [codec_write(block, writer) for block in blocks.order_by("position", "pk")]
        return out


def _block_codec(model_class: type, file_type: str, fields: list[Spec]) -> Codec:
    """A block whose keys map one to one onto its fields."""
    codec = Codec()
    codec.model, codec.file_type, codec.fields = model_class, file_type, fields
    return codec


class SourcesBlockCodec(Codec):
    """`items:` is a list in the file and one source per line in the model."""

    model = SourcesBlock
    file_type = "sources"

    def read(self, data: dict, reader: Reader, path: str) -> Node:
        items = reader.items(data, "items", path)
        for index, item in enumerate(items):
            reader.value({"item": item}, Spec("item", "md"), f"{path}.items[{index}]")
        return Node(
            SourcesBlock(items="\n".join(str(i).replace("\n", " ") for i in items)), path=path
        )

    def write(self, obj: SourcesBlock, writer: Writer) -> dict:
        return {"type": self.file_type, "items": obj.item_list}


def register() -> None:
    """Register the courses app's codecs (from `CoursesConfig.ready()`)."""
    for codec in (
        CourseCodec(),
        ModuleCodec(),
        LessonCodec(),
        _block_codec(TextBlock, "text", [Spec("body", "md")]),
        _block_codec(
            ImageBlock,
            "image",
            [
                Spec("file", "media", attr="image"),
                Spec("alt"),
                Spec("caption", "md", required=False, default=""),
            ],
        ),
        _block_codec(
            VideoBlock,
            "video",
            [
                Spec("title"),
                Spec("url", required=False, default=""),
                Spec("file", "media", required=False, attr="video_file"),
                Spec("captions", "media"),
                Spec("transcript", "md", required=False, default=""),
            ],
        ),
        _block_codec(CaseBlock, "case", [Spec("title"), Spec("body", "md")]),
        _block_codec(ReflectionBlock, "reflection", [Spec("prompt", "md")]),
        _block_codec(
            FactBlock,
            "fact",
            [
                Spec(
                    "variant",
                    "choice",
                    choices=tuple(FactVariant.values),
                    default=FactVariant.FACT,
                    required=False,
                ),
                Spec("title"),
                Spec("body", "md"),
            ],
        ),
        _block_codec(
            DownloadBlock,
            "download",
            [Spec("title"), Spec("file", "media"), Spec("description", required=False, default="")],
        ),
        SourcesBlockCodec(),
        _block_codec(
            DiscussionBlock,
            "discussion",
            [
                Spec("questions", "md"),
                Spec("aim", "md", required=False, default=""),
                Spec("guidance", "md", required=False, default=""),
                Spec("show_to_learners", "bool", required=False, default=False),
            ],
        ),
    ):
        codec_register(codec)
